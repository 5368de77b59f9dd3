// ffmpeg/ffprobe adapter: probing and streamed decoding and encoding of videos.
export { FfmpegNotFoundError, locateFfmpeg, type FfmpegBinaries, type LocateFfmpegOptions } from "./ffmpeg-binaries.js";
export { encodeVideo, VideoEncodeError, type EncodeVideoOptions, type EncodedVideo, type VideoEncoderCodec } from "./video-encoder.js";
export { probeVideo, VideoProbeError, type VideoProbe } from "./video-probe.js";
export {
  decodeVideoFrames,
  FrameSelectionError,
  planFrames,
  VideoDecodeError,
  type DecodedFrame,
  type FramePlan,
  type FrameSelection,
} from "./video-decoder.js";
