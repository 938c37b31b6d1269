// Type of the build-time virtual module that carries the compiled match index into the content script.
declare module 'backstory:index' {
  const index: import('./types').IndexBundle;
  export default index;
}

// content.css, bundled as text (esbuild's text loader) so the page's shadow roots can adopt the same rules.
declare module '*.css' {
  const text: string;
  export default text;
}
