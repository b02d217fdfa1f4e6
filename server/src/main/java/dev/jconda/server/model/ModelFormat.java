package dev.jconda.server.model;

import java.nio.file.Path;
import java.util.Locale;

/** A model file's type, from its name, and the DJL engine that runs it. */
public enum ModelFormat {
    TORCHSCRIPT("PyTorch", "pytorch_torchscript"),
    ONNX("OnnxRuntime", "onnxruntime_onnx");

    private final String engine;
    private final String platform;

    ModelFormat(String engine, String platform) {
        this.engine = engine;
        this.platform = platform;
    }

    /** {@code .onnx} files are ONNX; everything else (.pt, .pth, .torchscript, a folder) TorchScript. */
    public static ModelFormat of(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".onnx") ? ONNX : TORCHSCRIPT;
    }

    /** DJL's engine name. */
    public String engine() {
        return engine;
    }

    /** The platform name of the Open Inference Protocol's model metadata (Triton's names). */
    public String platform() {
        return platform;
    }
}
