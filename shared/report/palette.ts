/**
 * The one palette of the app's charts and the report's: a colour-blind-safe diverging pair (Okabe & Ito),
 * blue for weights that support the label, vermillion for weights against it, distinguishable with every
 * common colour-vision deficiency; grey for what is muted.
 */
export const SUPPORTS = '#0072B2';
export const OPPOSES = '#D55E00';
export const NEUTRAL = '#7a7a7a';
