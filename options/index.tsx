// Options page entry: adds the page's styles and mounts it; nothing else.
import { render } from 'preact';
import { OPTIONS_CSS } from './options-css';
import { OptionsRoot } from './OptionsRoot';

const style = document.createElement('style');
style.textContent = OPTIONS_CSS;
document.head.appendChild(style);

const el = document.getElementById('app');
if (el) render(<OptionsRoot />, el);
