// Options page entry: mounts the page; nothing else.
import { render } from 'preact';

const el = document.getElementById('app');
if (el) render(<main class="popup"><h1>Backstory</h1></main>, el);
