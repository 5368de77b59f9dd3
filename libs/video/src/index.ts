// ffmpeg/ffprobe adapter: probing and streamed decoding and encoding of videos.
export {};
