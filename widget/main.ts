/** /widget.js: registers <bookora-widget>, whose API is the origin this script was loaded from. */
import { define } from "./define";

define();
