import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseProbe, rate, rotationOf, VideoProbeError, type FfprobeOutput } from "./video-probe.js";

const ok = { failed: false, stderr: "" };
const mp4 = (stream: Record<string, unknown> = {}, format: Record<string, unknown> = {}): FfprobeOutput => ({
  format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "2.000000", tags: { major_brand: "isom" }, ...format },
  streams: [
    { index: 0, codec_type: "audio", codec_name: "aac" },
    {
      index: 1,
      codec_type: "video",
      codec_name: "h264",
      width: 1920,
      height: 1080,
      avg_frame_rate: "30000/1001",
      r_frame_rate: "30000/1001",
      duration: "2.002000",
      nb_frames: "60",
      nb_read_packets: "60",
      ...stream,
    },
  ],
});
const failure = (kind: string) => (err: unknown) => err instanceof VideoProbeError && err.kind === kind;

describe("parseProbe", () => {
  it("reads an mp4's video stream (not the audio one)", () => {
    assert.deepEqual(parseProbe(mp4(), ok), {
      container: "mp4",
      codec: "h264",
      streamIndex: 1,
      width: 1920,
      height: 1080,
      fps: 30000 / 1001,
      durationSeconds: 2.002,
      frameCount: 60,
      rotation: 0,
    });
  });

  it("names mov by its brand and webm by its codec; counts packets when the container keeps no frame count", () => {
    assert.equal(parseProbe(mp4({}, { tags: { major_brand: "qt  " } }), ok).container, "mov");
    const webm: FfprobeOutput = {
      format: { format_name: "matroska,webm", duration: "2.000000" },
      streams: [
        { index: 0, codec_type: "video", codec_name: "vp9", width: 320, height: 240, avg_frame_rate: "25/1", nb_read_packets: "50" },
      ],
    };
    const probe = parseProbe(webm, ok);
    assert.deepEqual([probe.container, probe.frameCount, probe.durationSeconds], ["webm", 50, 2]);
  });

  it("falls back to r_frame_rate, then to frames / duration", () => {
    assert.equal(parseProbe(mp4({ avg_frame_rate: "0/0", r_frame_rate: "25/1" }), ok).fps, 25);
    assert.equal(parseProbe(mp4({ avg_frame_rate: "0/0", r_frame_rate: "0/0", duration: "3" }), ok).fps, 20);
  });

  it("skips cover art (attached_pic)", () => {
    const out = mp4();
    out.streams!.unshift({ index: 2, codec_type: "video", codec_name: "mjpeg", width: 10, height: 10, disposition: { attached_pic: 1 } });
    assert.equal(parseProbe(out, ok).streamIndex, 1);
  });

  it("types its failures", () => {
    assert.throws(() => parseProbe({}, { failed: true, stderr: "x: Invalid data found when processing input\n" }), failure("not-a-video"));
    assert.throws(
      () => parseProbe({ format: { format_name: "png_pipe" }, streams: [{ index: 0, codec_type: "video", codec_name: "png" }] }, ok),
      failure("not-a-video"),
    );
    assert.throws(
      () => parseProbe({ format: { format_name: "mp3" }, streams: [{ index: 0, codec_type: "audio" }] }, ok),
      failure("no-video-stream"),
    );
    assert.throws(() => parseProbe(mp4({ codec_name: "ffv1" }), ok), failure("unsupported-codec"));
    assert.throws(
      () => parseProbe(mp4({ nb_read_packets: "27" }), ok),
      (e) => failure("corrupt")(e) && /27 of the 60/.test(String(e)),
    );
    assert.throws(() => parseProbe(mp4(), { failed: false, stderr: "[matroska,webm @ 0x1] File ended prematurely\n" }), failure("corrupt"));
    assert.throws(() => parseProbe(mp4({ nb_frames: "0", nb_read_packets: "0" }), ok), failure("corrupt"));
    assert.throws(() => parseProbe(mp4({ width: 0 }), ok), failure("corrupt"));
  });
});

describe("rotationOf", () => {
  it("turns the display matrix's counter-clockwise angle into clockwise quarter turns", () => {
    assert.equal(rotationOf({ side_data_list: [{ side_data_type: "Display Matrix", rotation: -90 }] }), 90);
    assert.equal(rotationOf({ side_data_list: [{ side_data_type: "Display Matrix", rotation: 90 }] }), 270);
    assert.equal(rotationOf({ side_data_list: [{ side_data_type: "Display Matrix", rotation: 180 }] }), 180);
    assert.equal(rotationOf({ side_data_list: [{ side_data_type: "Display Matrix", rotation: -180 }] }), 180);
  });

  it("reads the legacy rotate tag (clockwise), normalised, and 0 without either", () => {
    assert.equal(rotationOf({ tags: { rotate: "90" } }), 90);
    assert.equal(rotationOf({ tags: { rotate: "-90" } }), 270);
    assert.equal(rotationOf({ tags: { rotate: "450" } }), 90);
    assert.equal(rotationOf({ tags: { rotate: "junk" } }), 0);
    assert.equal(rotationOf({}), 0);
  });
});

describe("rate", () => {
  it("parses ffprobe's rationals", () => {
    assert.equal(rate("25/1"), 25);
    assert.equal(rate("30000/1001"), 30000 / 1001);
    assert.equal(rate("24"), 24);
    assert.equal(rate("0/0"), undefined);
    assert.equal(rate("1/0"), undefined);
    assert.equal(rate(""), undefined);
  });
});
