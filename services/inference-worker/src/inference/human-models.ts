/**
 * The @vladmandic/human release whose models/ folder the converted catalog artifacts (blazeface,
 * emotion, faceres, centernet, movenet-lightning, handtrack) come from; a spec pins it to the installed package.
 */
export const HUMAN_MODELS_VERSION = "3.3.6";
