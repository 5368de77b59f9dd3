// Multi-object tracking (ByteTrack family) and MOT metrics: pure, no I/O.
export {};
