package org.convscope.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/tour.md} true to the code: every file it links exists; every {@code Class.method}
 * link text names a method declared in the linked file (and the file is that class); every
 * {@code kernel_...} link names a kernel of the linked {@code .cl} file; every {@code ./convscope
 * <command>} line names a command that exists and is a line of {@code docs/tour/make-pictures.sh},
 * which draws the pictures; and each of the twelve topics has code, a test, a command and a picture.
 * The links of {@code docs/architecture.md} must exist too.
 */
class TourReferencesTest {
    private static final Pattern LINK = Pattern.compile("(!?)\\[([^\\]]*)]\\(([^)\\s]+)\\)");
    private static final Pattern MEMBER = Pattern.compile("`(\\w+)\\.(\\w+)`");
    private static final Pattern KERNEL = Pattern.compile("`(kernel_\\w+)`");
    private static final Pattern COMMAND = Pattern.compile("(?m)^\\./convscope ([a-z][a-z-]*).*$");
    private static final Pattern TOPIC = Pattern.compile("(?m)^## (\\d+)\\. ");

    private static Path root() {
        return Path.of(System.getProperty("convscope.root", "..")).toAbsolutePath().normalize();
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    /** A method declaration: a type or modifier, then the name and its parameter list. */
    static boolean declares(String source, String method) {
        Matcher m = Pattern.compile("(?m)^\\s*[^;=(\\n]*?[\\w>\\]]\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(source);
        while (m.find()) {
            String before = m.group().trim();
            if (!before.startsWith("return ") && !before.startsWith("new ") && !before.startsWith("throw ")) {
                return true;
            }
        }
        return false;
    }

    /** The problems with the links of one markdown file. */
    private static List<String> checkLinks(Path md) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher l = LINK.matcher(read(md));
        while (l.find()) {
            String text = l.group(2);
            String target = l.group(3);
            if (target.startsWith("http") || target.startsWith("#")) {
                continue;
            }
            Path file = md.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
            if (!Files.exists(file)) {
                problems.add(md.getFileName() + ": link to " + target + " (" + text + "): no such file");
                continue;
            }
            String name = file.getFileName().toString();
            Matcher member = MEMBER.matcher(text);
            if (member.matches() && name.endsWith(".java") && !member.group(2).equals("java")) {
                if (!name.equals(member.group(1) + ".java")) {
                    problems.add(md.getFileName() + ": " + text + " links to " + target + ", not " + member.group(1) + ".java");
                } else if (!declares(read(file), member.group(2))) {
                    problems.add(md.getFileName() + ": " + target + " declares no method " + member.group(2));
                }
            }
            Matcher kernel = KERNEL.matcher(text);
            if (kernel.matches() && !read(file).contains("__kernel void " + kernel.group(1) + "(")) {
                problems.add(md.getFileName() + ": " + target + " has no kernel " + kernel.group(1));
            }
        }
        return problems;
    }

    /** The names of every picocli command declared in main code. */
    private static String commandSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root(), 12)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("src/main/java")
                    && !p.toString().contains("/target/")).toList()) {
                String s = read(p);
                if (s.contains("@Command(")) {
                    all.append(s);
                }
            }
        }
        return all.toString();
    }

    @Test
    void everyFileMethodAndKernelTheTourNamesExists() throws IOException {
        List<String> problems = checkLinks(root().resolve("docs/tour.md"));
        problems.addAll(checkLinks(root().resolve("docs/architecture.md")));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyCommandExistsAndIsWhatThePictureScriptRuns() throws IOException {
        String tour = read(root().resolve("docs/tour.md"));
        List<String> script = Files.readAllLines(root().resolve("docs/tour/make-pictures.sh"));
        String commands = commandSources();
        List<String> problems = new ArrayList<>();
        Matcher c = COMMAND.matcher(tour);
        int count = 0;
        while (c.find()) {
            count++;
            String line = c.group().replaceFirst("\\s+#.*$", "").strip();
            if (!commands.contains("@Command(name = \"" + c.group(1) + "\"")) {
                problems.add("no command '" + c.group(1) + "': " + line);
            }
            if (!script.contains(line)) {
                problems.add("not in docs/tour/make-pictures.sh: " + line);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(count >= 13, "the tour shows " + count + " commands");
    }

    @Test
    void eachTopicHasCodeATestACommandAndAPicture() throws IOException {
        String tour = read(root().resolve("docs/tour.md"));
        Matcher t = TOPIC.matcher(tour);
        List<Integer> starts = new ArrayList<>();
        while (t.find()) {
            starts.add(t.start());
        }
        assertEquals(12, starts.size(), "numbered topics");
        starts.add(tour.indexOf("\n## Further"));
        for (int i = 0; i < 12; i++) {
            String section = tour.substring(starts.get(i), starts.get(i + 1));
            String title = section.lines().findFirst().orElse("");
            assertTrue(section.contains("- code: ["), title + ": no code link");
            assertTrue(section.matches("(?s).*- tests?: \\[`\\w+Test\\.\\w+`].*"), title + ": no test link");
            assertTrue(section.contains("\n./convscope "), title + ": no command");
            assertTrue(section.matches("(?s).*!\\[[^\\]]*]\\(tour/[\\w-]+\\.png\\).*"), title + ": no picture");
        }
    }

    @Test
    void theDeclarationMatcherIsNotFooledByCalls() {
        String src = "class A {\n  public static Result compute(Net n) {\n    return helper(n);\n  }\n"
                + "  private void helper2(int x)\n  {\n    x = other(1);\n  }\n}\n";
        assertTrue(declares(src, "compute"));
        assertTrue(declares(src, "helper2"));
        assertTrue(!declares(src, "helper"), "a call after return is no declaration");
        assertTrue(!declares(src, "other"), "a call in an assignment is no declaration");
    }
}
