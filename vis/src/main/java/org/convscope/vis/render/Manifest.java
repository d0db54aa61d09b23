package org.convscope.vis.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The {@code manifest.json} written beside a run's PNGs: what was run, on what, and what came out.
 *
 * <p>Fields (keys sorted at every level, two-space indent, {@code \n} line ends):
 * <pre>
 * arguments       the command line arguments, as given
 * command         the subcommand ("weights", "activations", ...)
 * device          the device the math ran on ("cpu", an OpenCL device name)
 * elapsedSeconds  wall time of the run, in seconds (milliseconds resolution)
 * files           files written, relative to the manifest's folder, in order
 * inputs          other input files: {role: {path, bytes, sha256}}
 * model           the model definition file {path, bytes, sha256}, or null
 * seed            the random seed, or null
 * settings        every setting that shaped the output: {name: value}
 * version         the convscope version
 * weights         the weight file {path, bytes, sha256}, or null
 * </pre>
 * The same run with the same inputs gives the same bytes except {@code elapsedSeconds}.
 */
public final class Manifest {
    /** The file name, beside the run's images. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectWriter WRITER = writer();

    private String command = "";
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, Object> settings = new TreeMap<>();
    private Long seed;
    private Map<String, Object> model;
    private Map<String, Object> weights;
    private final Map<String, Object> inputs = new TreeMap<>();
    private String device;
    private double elapsedSeconds;
    private final List<String> files = new ArrayList<>();
    private String version = "dev";

    public Manifest command(String name, List<String> args) {
        this.command = name;
        this.arguments.clear();
        this.arguments.addAll(args);
        return this;
    }

    /**
     * One setting. Values are kept as JSON numbers, booleans and strings; enums by name, paths and
     * other objects by {@code toString()}, arrays and collections as lists, maps as objects.
     */
    public Manifest setting(String name, Object value) {
        settings.put(name, jsonValue(value));
        return this;
    }

    public Manifest seed(Long s) {
        this.seed = s;
        return this;
    }

    /** The model definition file, hashed now. */
    public Manifest model(Path file) throws IOException {
        this.model = file == null ? null : fileRecord(file);
        return this;
    }

    /** The weight file, hashed now (streamed: a 500 MB file needs no memory). */
    public Manifest weights(Path file) throws IOException {
        this.weights = file == null ? null : fileRecord(file);
        return this;
    }

    /** Another input file under a role name ("image", "mean"), hashed now. */
    public Manifest input(String role, Path file) throws IOException {
        inputs.put(role, fileRecord(file));
        return this;
    }

    public Manifest device(String name) {
        this.device = name;
        return this;
    }

    public Manifest elapsed(Duration d) {
        this.elapsedSeconds = d.toMillis() / 1000.0;
        return this;
    }

    public Manifest files(Collection<String> names) {
        files.clear();
        files.addAll(names);
        return this;
    }

    public Manifest version(String v) {
        this.version = v;
        return this;
    }

    /** The manifest as a tree of sorted maps, lists and JSON scalars. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("arguments", List.copyOf(arguments));
        m.put("command", command);
        m.put("device", device);
        m.put("elapsedSeconds", elapsedSeconds);
        m.put("files", List.copyOf(files));
        m.put("inputs", new TreeMap<>(inputs));
        m.put("model", model);
        m.put("seed", seed);
        m.put("settings", new TreeMap<>(settings));
        m.put("version", version);
        m.put("weights", weights);
        return m;
    }

    /** The JSON text (ends with a newline). */
    public String toJson() {
        try {
            return WRITER.writeValueAsString(toMap()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest is not serializable: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code manifest.json} into the run's folder, recording the files the run wrote so far
     * (unless {@link #files} was given). Returns its path.
     */
    public Path write(RunOutput out) throws IOException {
        if (files.isEmpty()) {
            files(out.files());
        }
        return out.writeBytes(FILE_NAME, toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, Object> fileRecord(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        Map<String, Object> r = new TreeMap<>();
        r.put("path", file.toString());
        r.put("bytes", Files.size(file));
        r.put("sha256", sha256(file));
        return r;
    }

    private static Object jsonValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new TreeMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), jsonValue(x)));
            return m;
        }
        if (v instanceof Collection<?> c) {
            List<Object> l = new ArrayList<>();
            c.forEach(x -> l.add(jsonValue(x)));
            return l;
        }
        if (v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            List<Object> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(jsonValue(java.lang.reflect.Array.get(v, i)));
            }
            return l;
        }
        return v.toString();
    }

    private static ObjectWriter writer() {
        DefaultIndenter nl = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(nl);
        pp.indentArraysWith(nl);
        return JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build()
                .writer(pp);
    }

    /** Records as maps of their components, lists element-wise, for the manifest's JSON. */
    public static Object plain(Object o) {
        if (o instanceof Record rec) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (java.lang.reflect.RecordComponent c : rec.getClass().getRecordComponents()) {
                try {
                    m.put(c.getName(), plain(c.getAccessor().invoke(rec)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return m;
        }
        if (o instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object e : list) {
                out.add(plain(e));
            }
            return out;
        }
        return o;
    }
}
