// Type of the build-time virtual module that carries the compiled match index into the content script.
declare module 'backstory:index' {
  const index: import('./types').IndexBundle;
  export default index;
}
