// Popup entry: mounts the app; nothing else.
import { render } from 'preact';
import { Root } from './Root';

const el = document.getElementById('app');
if (el) render(<Root />, el);
