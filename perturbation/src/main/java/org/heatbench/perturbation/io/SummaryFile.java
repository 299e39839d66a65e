package org.heatbench.perturbation.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.heatbench.core.HeatBenchException;
import org.heatbench.core.InvalidInputException;

/**
 * The one reader and writer of a perturbation run's {@code summary.json} ({@link SummaryDocument}; docs/PERTURBATION.md,
 * "Output"), as {@code heatbench perturb} and each target of {@code heatbench run} write it. Writing gives indented
 * UTF-8 JSON, numbers in Java's shortest round-trip form (doubles read back bit for bit) and non-finite numbers as
 * {@code null}. Reading refuses with one {@link InvalidInputException} naming the file and the field: another
 * {@code format}, a {@code format_version} other than {@value #VERSION} (a newer one is named as such) and a missing
 * (or null) required field are found before binding, a field of the wrong type while binding. Unknown fields are
 * ignored, so that a newer writer may add some without a new version. Stateless, thread-safe.
 */
public final class SummaryFile {
    /** {@code format} of {@code summary.json}. */
    public static final String FORMAT = "heatbench-perturbation-summary";
    /** The {@code format_version} written and read; a change of a field's name or meaning takes a new one. */
    public static final int VERSION = 1;

    private static final PropertyNamingStrategies.NamingBase NAMES = new PropertyNamingStrategies.SnakeCaseStrategy();
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(NAMES)
            .registerModule(new SimpleModule("heatbench-non-finite")
                    .addSerializer(Double.class, new NonFiniteAsNull())
                    .addSerializer(double.class, new NonFiniteAsNull())
                    .addDeserializer(Double.class, new NullAsNaN())
                    .addDeserializer(double.class, new NullAsNaN()))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private SummaryFile() {
    }

    /**
     * Writes {@code doc} into {@code file}, replacing it; the caller chooses the name ({@link ResultsWriter} writes
     * under a {@code .partial} name and renames).
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, SummaryDocument doc) {
        try {
            JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a {@code summary.json}.
     *
     * @throws InvalidInputException naming the file (and the field) when it does not exist, is not JSON, declares
     *     another format or version, lacks a required field or has one of the wrong type
     * @throws HeatBenchException when it cannot be read
     */
    public static SummaryDocument read(Path file) {
        JsonNode tree;
        try (InputStream in = Files.newInputStream(file)) {
            tree = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + " is not valid JSON (" + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new HeatBenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException(file + " is not a JSON object (expected " + FORMAT + ")");
        }
        // the version before the fields: a newer file is named as newer, not as one that lacks some field
        JsonNode format = tree.path("format");
        JsonNode version = tree.path("format_version");
        if (!FORMAT.equals(format.asText(null))) {
            throw new InvalidInputException(file + ": field 'format' is " + (format.isMissingNode() ? "missing"
                    : format.toString()) + ", expected '" + FORMAT + "'");
        } else if (!version.isMissingNode() && !(version.isInt() && version.intValue() == VERSION)) {
            throw new InvalidInputException(file + ": field 'format_version' is " + version + "; this HeatBench "
                    + "reads " + FORMAT + " version " + VERSION + (version.isIntegralNumber()
                    && version.asLong() > VERSION ? " (written by a newer HeatBench)" : ""));
        }
        requireFields(file, tree, SummaryDocument.class, "");
        try {
            return JSON.treeToValue(tree, SummaryDocument.class);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(file + ": field '" + path(e) + "' does not fit the " + FORMAT + " format ("
                    + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + " does not fit the " + FORMAT + " format (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Refuses a missing or null field of a record type, in its nested records and lists of records. Required: every
     * component, except one that is left out when empty ({@link JsonInclude}); a double may be null (NaN).
     */
    private static void requireFields(Path file, JsonNode node, Class<?> type, String at) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = NAMES.translate(c.getName());
            String field = at.isEmpty() ? name : at + "." + name;
            JsonNode v = node.get(name);
            if (v == null && c.getAccessor().isAnnotationPresent(JsonInclude.class)) {
                continue;
            }
            if (v == null || v.isNull() && c.getType() != double.class) {
                throw new InvalidInputException(file + ": required field '" + field + "' is "
                        + (v == null ? "missing" : "null"));
            }
            Class<?> element = elementType(c.getGenericType());
            if (c.getType().isRecord() && v.isObject()) {
                requireFields(file, v, c.getType(), field);
            } else if (element != null && element.isRecord() && v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    if (v.get(i).isObject()) {
                        requireFields(file, v.get(i), element, field + "[" + i + "]");
                    }
                }
            }
        }
    }

    /** @return the element class of a {@code List<E>}, else null */
    private static Class<?> elementType(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> e) {
            return e;
        }
        return null;
    }

    /** @return the JSON path of a binding error, e.g. {@code rankings[0].ranking[2].mean_rank} */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * @return {@code provenance} as this format reads it back: plain JSON values, integral numbers as Integer where
     *     they fit, non-finite numbers as null; unmodifiable, in its order
     */
    static Map<String, Object> canonical(Map<String, Object> provenance) {
        Objects.requireNonNull(provenance, "provenance");
        try {
            Map<String, Object> read = JSON.readValue(JSON.writeValueAsBytes(provenance),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            return Collections.unmodifiableMap(read);
        } catch (IOException e) {
            throw new IllegalArgumentException("provenance is not plain JSON values: " + e.getMessage(), e);
        }
    }

    /** Writes a non-finite double as {@code null}, as the CSV files leave it empty. */
    private static final class NonFiniteAsNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    /** Reads {@code null} as NaN, the inverse of {@link NonFiniteAsNull}; anything but a number is refused. */
    private static final class NullAsNaN extends StdDeserializer<Double> {
        private static final long serialVersionUID = 1L;

        NullAsNaN() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != null && p.currentToken().isNumeric()) {
                return p.getDoubleValue();
            }
            return (Double) ctxt.handleUnexpectedToken(Double.class, p);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
