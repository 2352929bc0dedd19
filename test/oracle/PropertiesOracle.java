import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Oracle for test/unit/javaPropertiesOracle.test.ts: loads every file of the directory given as argument
 * with java.util.Properties.load(Reader) (UTF-8) and prints one ASCII line per file, sorted by name:
 * {@code name TAB OK (TAB key TAB value)*} or {@code name TAB ERROR TAB message}. Every character outside
 * printable ASCII, and the backslash, is written as a backslash-u escape with 4 hex digits.
 */
public final class PropertiesOracle {
    private PropertiesOracle() {}

    public static void main(String[] args) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Paths.get(args[0]))) {
            files = listing.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, "US-ASCII");
        for (Path file : files) {
            StringBuilder line = new StringBuilder();
            escape(file.getFileName().toString(), line);
            Properties props = new Properties();
            try (Reader reader = new InputStreamReader(new FileInputStream(file.toFile()), StandardCharsets.UTF_8)) {
                props.load(reader);
                line.append("\tOK");
                for (Map.Entry<Object, Object> e : props.entrySet()) {
                    escape((String) e.getKey(), line.append('\t'));
                    escape((String) e.getValue(), line.append('\t'));
                }
            } catch (RuntimeException e) {
                line.append("\tERROR\t");
                escape(e.getClass().getName() + ": " + e.getMessage(), line);
            }
            out.print(line.append('\n'));
        }
        out.flush();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
    }
}
