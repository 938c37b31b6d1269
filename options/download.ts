// Saves text as a file the browser downloads: a Blob URL on a temporary <a download>, revoked right after.
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked on the next task: Firefox starts the download asynchronously and needs the URL until then.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
