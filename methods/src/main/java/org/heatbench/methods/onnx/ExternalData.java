package org.heatbench.methods.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * External tensor data of an ONNX model ({@code TensorProto.data_location = EXTERNAL}, the {@code location},
 * {@code offset} and {@code length} entries of {@code external_data}), read into the tensors themselves so that
 * nothing downstream — ONNX Runtime included — ever resolves a file name taken from the model.
 *
 * <p>Security contract: a location is resolved against the <em>model's own folder</em> (never the working
 * directory) and must stay inside it: absolute locations, {@code ..} escapes and symbolic links leading out of the
 * folder are refused with the tensor (and node) named. Offsets and lengths are checked against the file and against
 * the tensor's declared size before any byte is read.
 */
final class ExternalData {
    private ExternalData() {
    }

    /** @return whether any tensor of the model (initializers, constant attributes, subgraphs) keeps its data outside */
    static boolean uses(ModelProto proto) {
        return firstExternal(proto.getGraph()) != null;
    }

    /** @return a description of the first tensor with external data, or null */
    static String firstExternal(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            if (isExternal(t)) {
                return "initializer '" + t.getName() + "' (location '" + entry(t, "location") + "')";
            }
        }
        for (NodeProto n : g.getNodeList()) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasT() && isExternal(a.getT())) {
                    return "node '" + n.getName() + "' attribute '" + a.getName() + "'";
                }
                for (TensorProto t : a.getTensorsList()) {
                    if (isExternal(t)) {
                        return "node '" + n.getName() + "' attribute '" + a.getName() + "'";
                    }
                }
                if (a.hasG() && firstExternal(a.getG()) != null) {
                    return firstExternal(a.getG());
                }
                for (GraphProto sub : a.getGraphsList()) {
                    String s = firstExternal(sub);
                    if (s != null) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    /**
     * @param modelFile the model file; its folder is the only place external data may come from
     * @return the model with every external tensor's bytes inlined as raw data
     * @throws InvalidModelException naming the tensor for a location outside the folder, a missing file, or an
     *                               offset/length outside the file or not matching the tensor's size
     */
    static ModelProto inline(ModelProto proto, Path modelFile) {
        Path folder = modelFile.toAbsolutePath().normalize().getParent();
        Path realFolder;
        try {
            realFolder = folder.toRealPath();
        } catch (IOException e) {
            throw new InvalidModelException("cannot resolve the folder of ONNX model " + modelFile + ": " + e, e);
        }
        return proto.toBuilder().setGraph(graph(proto.getGraph(), modelFile, folder, realFolder)).build();
    }

    private static GraphProto graph(GraphProto g, Path model, Path folder, Path realFolder) {
        GraphProto.Builder b = g.toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (isExternal(t)) {
                b.setInitializer(i, read(t, "initializer '" + t.getName() + "'", model, folder, realFolder));
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            NodeProto.Builder nb = n.toBuilder();
            boolean changed = false;
            for (int j = 0; j < n.getAttributeCount(); j++) {
                AttributeProto a = n.getAttribute(j);
                String where = "node '" + n.getName() + "' (" + n.getOpType() + ") attribute '" + a.getName() + "'";
                AttributeProto.Builder ab = a.toBuilder();
                boolean attrChanged = false;
                if (a.hasT() && isExternal(a.getT())) {
                    ab.setT(read(a.getT(), where, model, folder, realFolder));
                    attrChanged = true;
                }
                for (int k = 0; k < a.getTensorsCount(); k++) {
                    if (isExternal(a.getTensors(k))) {
                        ab.setTensors(k, read(a.getTensors(k), where, model, folder, realFolder));
                        attrChanged = true;
                    }
                }
                if (a.hasG()) {
                    ab.setG(graph(a.getG(), model, folder, realFolder));
                    attrChanged = true;
                }
                for (int k = 0; k < a.getGraphsCount(); k++) {
                    ab.setGraphs(k, graph(a.getGraphs(k), model, folder, realFolder));
                    attrChanged = true;
                }
                if (attrChanged) {
                    nb.setAttribute(j, ab.build());
                    changed = true;
                }
            }
            if (changed) {
                b.setNode(i, nb.build());
            }
        }
        return b.build();
    }

    private static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0;
    }

    private static String entry(TensorProto t, String key) {
        for (StringStringEntryProto e : t.getExternalDataList()) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static TensorProto read(TensorProto t, String what, Path model, Path folder, Path realFolder) {
        String prefix = "ONNX model " + model + ": " + what + " (tensor '" + t.getName() + "')";
        String location = entry(t, "location");
        if (location == null || location.isBlank()) {
            throw new InvalidModelException(prefix + " has external data without a location");
        }
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")
                || Path.of(location).isAbsolute()) {
            throw new InvalidModelException(prefix + " names external data by the absolute path '" + location
                    + "'; only files inside the model's folder " + folder + " are read");
        }
        Path file = folder.resolve(location).normalize();
        if (!file.startsWith(folder)) {
            throw new InvalidModelException(prefix + " names external data '" + location + "' outside the model's "
                    + "folder " + folder + "; refused");
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new InvalidModelException(prefix + ": external data file '" + location + "' not found next to "
                    + "the model (" + file + ")", e);
        }
        if (!real.startsWith(realFolder) || !Files.isRegularFile(real)) {
            throw new InvalidModelException(prefix + ": external data '" + location + "' leads outside the model's "
                    + "folder or is not a regular file; refused");
        }
        long offset = number(entry(t, "offset"), 0, prefix, "offset");
        long size;
        try {
            size = Files.size(real);
        } catch (IOException e) {
            throw new InvalidModelException(prefix + ": cannot read external data '" + location + "': " + e, e);
        }
        long length = number(entry(t, "length"), size - offset, prefix, "length");
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new InvalidModelException(prefix + ": external data offset " + offset + " + length " + length
                    + " lies outside '" + location + "' (" + size + " bytes)");
        }
        long expected = expectedBytes(t);
        if (expected >= 0 && expected != length) {
            throw new InvalidModelException(prefix + ": external data holds " + length + " bytes, but the tensor's "
                    + "shape and type need " + expected);
        }
        if (length > Integer.MAX_VALUE - 64) {
            throw new InvalidModelException(prefix + ": external data of " + length + " bytes exceeds 2 GiB, the "
                    + "largest tensor HeatBench reads");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
            ch.position(offset);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until the buffer is full; a shrinking file ends the loop early and is caught below
            }
        } catch (IOException e) {
            throw new InvalidModelException(prefix + ": cannot read external data '" + location + "': " + e, e);
        }
        if (buf.hasRemaining()) {
            throw new InvalidModelException(prefix + ": external data '" + location + "' ended early");
        }
        buf.flip();
        return t.toBuilder().clearExternalData().setDataLocation(TensorProto.DataLocation.DEFAULT)
                .setRawData(ByteString.copyFrom(buf)).build();
    }

    private static long number(String text, long absent, String prefix, String key) {
        if (text == null) {
            return absent;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidModelException(prefix + ": external data " + key + " '" + text + "' is not a number");
        }
    }

    /** @return bytes the tensor's dims and fixed-size type need, or -1 when the type has no fixed size */
    private static long expectedBytes(TensorProto t) {
        int element = switch (t.getDataType()) {
            case 1, 6, 12 -> 4;        // float, int32, uint32
            case 7, 11, 13 -> 8;       // int64, double, uint64
            case 10, 16, 5, 4 -> 2;    // float16, bfloat16, int16, uint16
            case 2, 3, 9 -> 1;         // uint8, int8, bool
            default -> -1;
        };
        if (element < 0) {
            return -1;
        }
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                return -1;
            }
            n = Math.multiplyExact(n, d);
        }
        return n * element;
    }
}
