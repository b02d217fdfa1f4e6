package dev.jconda.server.worker;

import dev.jconda.server.buffer.ByteSink;
import dev.jconda.server.json.JsonWriter;
import dev.jconda.server.model.Tensor;
import java.util.List;

/** The Open Inference Protocol (KServe v2) answers: server and model metadata, infer responses. */
final class V2Json {
    private V2Json() {}

    static void serverMetadata(ByteSink out) {
        out.ascii("{\"name\":\"jconda-server\",\"version\":");
        JsonWriter.string(out, String.valueOf(V2Json.class.getPackage().getImplementationVersion()));
        out.ascii(",\"extensions\":[]}");
    }

    static void modelMetadata(ByteSink out, ServedModel model) {
        out.ascii("{\"name\":");
        JsonWriter.string(out, model.name());
        out.ascii(",\"versions\":[\"1\"],\"platform\":");
        JsonWriter.string(out, model.platform());
        out.ascii(",\"inputs\":[{\"name\":\"input__0\",\"datatype\":\"FP32\",\"shape\":");
        if (model.inputShape().isPresent()) {
            shape(out, model.inputShape().get().sizes().stream().mapToLong(Long::longValue).toArray());
        } else {
            out.ascii("[-1]");
        }
        out.ascii("}],\"outputs\":[");
        for (int i = 0; i < model.outputs().size(); i++) {
            ServedModel.OutputInfo o = model.outputs().get(i);
            out.ascii(i == 0 ? "" : ",").ascii("{\"name\":\"output__").decimal(i).ascii("\",\"datatype\":\"")
                    .ascii(o.datatype()).ascii("\",\"shape\":");
            shape(out, o.shape());
            out.append('}');
        }
        out.ascii("]}");
    }

    static void inferResponse(ByteSink out, String model, String id, List<Tensor> outputs) {
        out.ascii("{\"model_name\":");
        JsonWriter.string(out, model);
        out.ascii(",\"model_version\":\"1\"");
        if (id != null) {
            out.ascii(",\"id\":");
            JsonWriter.string(out, id);
        }
        out.ascii(",\"outputs\":[");
        for (int i = 0; i < outputs.size(); i++) {
            Tensor t = outputs.get(i);
            out.ascii(i == 0 ? "" : ",").ascii("{\"name\":\"output__").decimal(i).ascii("\",\"datatype\":\"")
                    .ascii(datatype(t)).ascii("\",\"shape\":");
            shape(out, t.shape());
            out.ascii(",\"data\":");
            // Flat, row-major: what the protocol's clients (tritonclient, kserve) expect back.
            switch (t) {
                case Tensor.Float32 f -> JsonWriter.floats(out, new long[] {f.values().length}, f.values());
                case Tensor.Float64 d -> JsonWriter.doubles(out, new long[] {d.values().length}, d.values());
            }
            out.append('}');
        }
        out.ascii("]}");
    }

    static String datatype(Tensor t) {
        return switch (t) {
            case Tensor.Float32 f -> "FP32";
            case Tensor.Float64 d -> "FP64";
        };
    }

    private static void shape(ByteSink out, long[] shape) {
        out.append('[');
        for (int i = 0; i < shape.length; i++) {
            out.ascii(i == 0 ? "" : ",").decimal(shape[i]);
        }
        out.append(']');
    }
}
