// Injected on demand to read the current page's article text for "Save this article" (placeholder until the extractor lands).
export {};
