import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * The OWL API's OWL 2 DL profile check of one ontology file (tests/data/test_owl.py).
 * Prints one line per violation, "VIOLATION <kind> <text>", then "VIOLATIONS <count>".
 */
public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("VIOLATION " + v.getClass().getSimpleName() + " " + v.toString().replace("\n", " "));
        }
        System.out.println("VIOLATIONS " + report.getViolations().size());
    }
}
