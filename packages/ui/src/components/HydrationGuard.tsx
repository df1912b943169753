import { useNonce } from "../nonce.js";

/**
 * Events React treats as discrete user input. One of them reaching a document React has not
 * finished hydrating makes React hydrate synchronously; with single fetch, Remix's browser entry
 * suspends at that moment (it is still decoding the page's data), and React 18 gives up with
 * "Root did not complete" (minified error #345) — the page then never becomes interactive.
 */
const DISCRETE_EVENTS = [
  "keydown",
  "keypress",
  "keyup",
  "beforeinput",
  "input",
  "change",
  "textInput",
  "compositionstart",
  "compositionend",
  "click",
  "dblclick",
  "auxclick",
  "contextmenu",
  "mousedown",
  "mouseup",
  "pointerdown",
  "pointerup",
  "pointercancel",
  "touchstart",
  "touchend",
  "touchcancel",
  "dragstart",
  "dragend",
  "drop",
  "copy",
  "cut",
  "paste",
  "reset",
  "submit",
];

/**
 * Until the root marks the document hydrated (html[data-hydrated]), discrete events stop at the
 * window, in the capture phase, before React's listeners on the document see them. Nothing a
 * person does is lost: typing, following a link and submitting a form are the browser's default
 * actions, which stopping propagation leaves alone; only React's handlers, which are not attached
 * yet, miss the event. The first event after hydration removes the guard.
 */
export const HYDRATION_GUARD_SCRIPT = `(function(){var r=document.documentElement,n=${JSON.stringify(DISCRETE_EVENTS)};function g(e){if(r.hasAttribute("data-hydrated")){n.forEach(function(t){window.removeEventListener(t,g,true)});return}e.stopPropagation()}n.forEach(function(t){window.addEventListener(t,g,true)})})();`;

/** Put first in <head>: an inline script (with the response's CSP nonce) installing the guard. */
export function HydrationGuard() {
  const nonce = useNonce();
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: HYDRATION_GUARD_SCRIPT }} />;
}
