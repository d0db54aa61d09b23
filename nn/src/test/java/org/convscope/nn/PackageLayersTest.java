package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of nn import each other without a cycle (docs/architecture.md draws the layers):
 * {@code nn.caffe}, the file formats, imports no other package of nn; {@code nn.layers} only
 * {@code nn.caffe}; {@code nn} (the net and its loader, {@code NetFiles}) sits above both.
 * Read from the sources: every {@code org.convscope.nn...} name a file mentions, imports and
 * Javadoc links alike.
 */
class PackageLayersTest {
    private static final Path ROOT = Path.of("src/main/java/org/convscope/nn");
    private static final Pattern NAME = Pattern.compile("org\\.convscope\\.nn\\.([a-z]\\w*\\.)?[A-Z]");

    /** Package ("nn", "nn.caffe", ...) to the other nn packages its sources name. */
    static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 20, "nn sources not found under " + ROOT.toAbsolutePath());
        for (Path f : files) {
            Path dir = ROOT.relativize(f.getParent());
            String pkg = dir.toString().isEmpty() ? "nn" : "nn." + dir.toString().replace('/', '.');
            Set<String> d = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = NAME.matcher(Files.readString(f));
            while (m.find()) {
                String named = m.group(1) == null ? "nn" : "nn." + m.group(1).substring(0, m.group(1).length() - 1);
                if (!named.equals(pkg)) {
                    d.add(named);
                }
            }
        }
        return deps;
    }

    @Test
    void theFileFormatsAndTheLayersDoNotReachUp() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertEquals(Set.of(), deps.get("nn.caffe"), "nn.caffe names other nn packages");
        assertEquals(Set.of("nn.caffe"), deps.get("nn.layers"), "nn.layers names nn packages other than nn.caffe");
        assertTrue(deps.get("nn").containsAll(Set.of("nn.caffe", "nn.layers")), deps.toString());
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        for (String start : deps.keySet()) {
            List<String> path = cycleFrom(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(null, path, "package cycle in nn: " + path);
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> deps, List<String> path,
                                          Set<String> seen) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> c = cycleFrom(start, next, deps, path, seen);
                if (c != null) {
                    return c;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
