/**
 * An ultralytics YOLOv8 export's detector spec (model.v1.OnnxDetectorSpec, as plain values) with the defaults an upload
 * gets: 640×640 letterboxed RGB float input "images" in [0, 1], one output "output0", classes person and car. `over`
 * replaces any field. The registry's domain spec and the worker's (each service has its own type) both take the result.
 */
export function yoloV8DetectorSpec<Over extends object = object>(over?: Over) {
  return {
    outputLayout: "YOLO_V8" as const,
    inputWidth: 640,
    inputHeight: 640,
    resize: "LETTERBOX" as const,
    channelOrder: "RGB" as const,
    tensorLayout: "NCHW" as const,
    inputType: "FLOAT32" as const,
    mean: [0, 0, 0],
    std: [255, 255, 255],
    classNames: ["person", "car"],
    classIdOffset: 0,
    detrNoObjectClass: true,
    nmsIou: 0.45,
    maxDetections: 300,
    inputName: "images",
    outputNames: ["output0"],
    ...over,
  };
}
