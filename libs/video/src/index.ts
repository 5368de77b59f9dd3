// ffmpeg/ffprobe adapter: probing and streamed decoding and encoding of videos.
export { FfmpegNotFoundError, locateFfmpeg, type FfmpegBinaries, type LocateFfmpegOptions } from "./ffmpeg-binaries.js";
export { encodeVideo, VideoEncodeError, type EncodeVideoOptions, type EncodedVideo, type VideoEncoderCodec } from "./video-encoder.js";
export {
  parseProbe,
  probeVideo,
  rate,
  rotationOf,
  SUPPORTED_VIDEO_CODECS,
  VideoProbeError,
  type FfprobeOutput,
  type FfprobeStream,
  type ProbeOptions,
  type VideoProbe,
  type VideoProbeFailure,
} from "./video-probe.js";
export {
  decodeArgs,
  decodeVideoFrames,
  DEFAULT_JPEG_QUALITY,
  FrameSelectionError,
  jpegEnd,
  planFrames,
  VideoDecodeError,
  type DecodedFrame,
  type DecodeOptions,
  type FramePlan,
  type FrameSelection,
  type VideoDecodeFailure,
} from "./video-decoder.js";
