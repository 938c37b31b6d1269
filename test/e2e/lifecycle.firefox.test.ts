// Lifecycle e2e in Firefox ESR: back/forward navigation, and the extension removed and installed again under an open page.
import { lifecycleSuite } from './lifecycle-cases';

lifecycleSuite('firefox');
