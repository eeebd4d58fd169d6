import { createHash } from 'node:crypto'

/**
 * Where the quick-exit link on every self-service page goes: a neutral, everyday site, so that
 * someone looking over the storyteller's shoulder sees the weather, not a story form.
 */
export const QUICK_EXIT_URL = 'https://weather.com/'

/** How close together two presses of Escape must be to leave. */
const DOUBLE_PRESS_MS = 1000

/**
 * With JavaScript, the link (and Escape pressed twice) replaces this page in the history, so the
 * Back button does not return to it. Without JavaScript the link still leaves. Kept inline and
 * allowed by its hash in the pages' CSP: the pages load no other script.
 */
export const QUICK_EXIT_SCRIPT =
  `(function(){var a=document.getElementById('quick-exit');if(!a)return;` +
  `var go=function(e){if(e)e.preventDefault();location.replace(a.href)};` +
  `a.addEventListener('click',go);var last=0;` +
  `document.addEventListener('keydown',function(e){if(e.key!=='Escape'&&e.key!=='Esc')return;` +
  `var t=Date.now();if(t-last<${DOUBLE_PRESS_MS}){go(e)}else{last=t}})})()`

/** The CSP source that allows exactly that script. */
export const QUICK_EXIT_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(QUICK_EXIT_SCRIPT).digest('base64')}'`
