export { bestMatch, MATCH_TIERS, namesMatch, normaliseName, type MatchTier } from "./label-names.js";
