import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

/**
 * Answers SPARQL SELECT queries with Apache Jena ARQ over one RDF file, in one JVM (pactkg.query.other_engines).
 * Usage: java -cp JENA JenaAnswers.java DATA OUTDIR QUERY.rq ...; writes OUTDIR/NAME.srj (SPARQL JSON results)
 * for each query, or OUTDIR/NAME.error with Jena's message when the query fails.
 */
public class JenaAnswers {
    public static void main(String[] args) throws Exception {
        Model model = RDFDataMgr.loadModel(args[0]);
        Path out = Paths.get(args[1]);
        for (int i = 2; i < args.length; i++) {
            Path query = Paths.get(args[i]);
            String name = query.getFileName().toString().replaceFirst("\\.rq$", "");
            try (QueryExecution qe = QueryExecutionFactory.create(Files.readString(query), model);
                 OutputStream os = Files.newOutputStream(out.resolve(name + ".srj"))) {
                ResultSetFormatter.outputAsJSON(os, qe.execSelect());
            } catch (Exception e) {
                Files.deleteIfExists(out.resolve(name + ".srj"));
                Files.writeString(out.resolve(name + ".error"), e.toString());
            }
        }
    }
}
