/** The emotion model's classes, in output order (oarriaga's FER2013 labels, as human names them). */
export const EMOTIONS = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const GENDERS = ["female", "male"] as const;
export type Gender = (typeof GENDERS)[number];

/** faceres age bins: one per year, 0..99. */
export const AGE_BINS = 100;
/** The range the catalog's `age` attribute accepts (NUMBER "0","100","1"). */
export const AGE_MIN = 0;
export const AGE_MAX = 100;

/** The most probable emotion of the face at `index` in a [N,7] softmax. */
export function decodeEmotion(probabilities: Float32Array, index: number): Emotion {
  const o = index * EMOTIONS.length;
  let best = 0;
  for (let k = 1; k < EMOTIONS.length; k++) if (probabilities[o + k] > probabilities[o + best]) best = k;
  return EMOTIONS[best];
}

/** faceres' gender sigmoid: ≤ 0.5 is female (human's rule, ties included). */
export function decodeGender(sigmoid: number): Gender {
  return sigmoid <= 0.5 ? "female" : "male";
}

/**
 * Age in years from faceres' [N,100] softmax, by human's neighbour-bin rule: take the most
 * probable bin i, then move towards the larger of its neighbours by 10× that neighbour's
 * probability (i − 10·p[i−1] or i + 10·p[i+1]), rounded to 0.1 year. A missing neighbour (bins 0
 * and 99) counts as 0, where human would read undefined and could return NaN at bin 99.
 */
export function decodeAge(probabilities: Float32Array, index: number): number {
  const o = index * AGE_BINS;
  let best = 0;
  for (let k = 1; k < AGE_BINS; k++) if (probabilities[o + k] > probabilities[o + best]) best = k;
  const below = best > 0 ? probabilities[o + best - 1] : 0;
  const above = best < AGE_BINS - 1 ? probabilities[o + best + 1] : 0;
  // In tenths of a year, as human computes it, then rounded to 0.1 year.
  const tenths = below > above ? 10 * best - 100 * below : 10 * best + 100 * above;
  return Math.round(tenths) / 10;
}

/** The `age` attribute value: whole years as a string, inside the attribute's 0..100 range. */
export function ageAttributeValue(years: number): string {
  return String(Math.min(AGE_MAX, Math.max(AGE_MIN, Math.round(years))));
}
