import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Oracle for test/unit/xmlOracle.test.ts: parses every file of the directory given as argument the way Rudder's
 * XmlSafe does (webapp/sources/utils/.../XmlSafe.scala: SAXParserFactory with FEATURE_SECURE_PROCESSING,
 * no XInclude, disallow-doctype-decl, namespace-unaware), from the file's bytes so that the BOM and the declared
 * encoding apply, and prints one ASCII line per file, sorted by name: {@code name TAB OK} or
 * {@code name TAB ERROR TAB line TAB column TAB message} (characters outside printable ASCII, and the backslash,
 * as backslash-u escapes). An exception without a location (an unknown encoding, a Xerces internal error) has
 * line and column -1: Rudder rejects the file all the same.
 *
 * With a second argument {@code legacy}, the parser is the one of Rudder 8.1 and older instead:
 * {@code scala.xml.XML.load} of scala-xml 1.3.0 (factory/XMLLoader.scala: {@code SAXParserFactory.newInstance()},
 * {@code setNamespaceAware(false)}, nothing else; its FactoryAdapter is a DefaultHandler that resolves no entity
 * itself), so a DOCTYPE is read and its entities expanded, within the JDK's default limits. An OK line is then
 * followed by the attributes of every start tag as the parser delivers them, {@code TAB name=value} (escaped).
 */
public final class XmlOracle {
    private XmlOracle() {}

    public static void main(String[] args) throws Exception {
        boolean legacy = args.length > 1 && args[1].equals("legacy");
        SAXParserFactory factory = SAXParserFactory.newInstance();
        if (!legacy) {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        }
        factory.setNamespaceAware(false);
        List<Path> files;
        try (Stream<Path> listing = Files.list(Paths.get(args[0]))) {
            files = listing.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, "US-ASCII");
        for (Path file : files) {
            StringBuilder line = new StringBuilder();
            escape(file.getFileName().toString(), line);
            byte[] bytes = Files.readAllBytes(file);
            StringBuilder attributes = new StringBuilder();
            DefaultHandler handler = new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes atts) {
                    for (int i = 0; i < atts.getLength(); i++) {
                        attributes.append('\t');
                        escape(atts.getQName(i) + "=" + atts.getValue(i), attributes);
                    }
                }
            };
            try {
                factory.newSAXParser().parse(new InputSource(new ByteArrayInputStream(bytes)), handler);
                line.append("\tOK");
                if (legacy) line.append(attributes);
            } catch (SAXParseException e) {
                line.append("\tERROR\t").append(e.getLineNumber()).append('\t').append(e.getColumnNumber()).append('\t');
                escape(String.valueOf(e.getMessage()), line);
            } catch (SAXException | IOException | RuntimeException e) {
                line.append("\tERROR\t-1\t-1\t");
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
