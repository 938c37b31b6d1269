// Lifecycle e2e in Chromium: back/forward navigation, and the extension removed and installed again under an open page.
import { lifecycleSuite } from './lifecycle-cases';

lifecycleSuite('chromium');
