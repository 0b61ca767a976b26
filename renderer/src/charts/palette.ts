/**
 * A colour-blind-safe diverging pair (Okabe & Ito): blue for weights that support the label, vermillion
 * for weights against it. Distinguishable with every common colour-vision deficiency.
 */
export const SUPPORTS = '#0072B2';
export const OPPOSES = '#D55E00';
export const NEUTRAL = '#7a7a7a';
