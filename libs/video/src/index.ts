// ffmpeg/ffprobe adapter: probing and streamed decoding and encoding of videos.
export { FfmpegNotFoundError, locateFfmpeg, type FfmpegBinaries, type LocateFfmpegOptions } from "./ffmpeg-binaries.js";
export { encodeVideo, VideoEncodeError, type EncodeVideoOptions, type EncodedVideo, type VideoEncoderCodec } from "./video-encoder.js";
