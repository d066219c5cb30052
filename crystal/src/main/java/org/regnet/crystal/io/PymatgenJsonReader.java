package org.regnet.crystal.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openscience.cdk.config.Elements;
import org.regnet.crystal.ElementData;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Species;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON structures: a pymatgen {@code Structure.as_dict()}, a list of them, or the matbench
 * dataset layout (pandas "split": index, columns ["structure", target], data rows), whose ids
 * come from the index and whose target becomes a structure property.
 */
final class PymatgenJsonReader implements StructureReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<Structure> read(String text, String source, ReadOptions options) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new StructureException(source, line, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null) throw new StructureException(source, 0, "empty JSON document");
        List<Structure> out = new ArrayList<>();
        if (root.has("data") && root.has("columns")) {
            readMatbench(root, source, options, out);
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) out.add(structure(root.get(i), null, source, "item " + (i + 1), options));
        } else {
            out.add(structure(root, null, source, "the document", options));
        }
        return out;
    }

    private static void readMatbench(JsonNode root, String source, ReadOptions options, List<Structure> out) {
        JsonNode columns = root.get("columns"), data = root.get("data"), index = root.get("index");
        int structureCol = -1;
        for (int c = 0; c < columns.size(); c++) if (columns.get(c).asText().equals("structure")) structureCol = c;
        if (structureCol < 0) throw new StructureException(source, 0, "matbench JSON without a \"structure\" column");
        for (int r = 0; r < data.size(); r++) {
            JsonNode row = data.get(r);
            String id = index != null && index.size() > r ? index.get(r).asText() : null;
            String where = id != null ? id : "row " + (r + 1);
            Structure s = structure(row.get(structureCol), id, source, where, options);
            Structure.Builder b = s.toBuilder();
            for (int c = 0; c < columns.size(); c++) {
                if (c != structureCol && row.get(c) != null && row.get(c).isNumber()) b.property(columns.get(c).asText(), row.get(c).asDouble());
            }
            out.add(b.build());
        }
    }

    private static Structure structure(JsonNode node, String id, String source, String where, ReadOptions options) {
        JsonNode matrix = node == null ? null : node.path("lattice").get("matrix");
        JsonNode sites = node == null ? null : node.get("sites");
        if (matrix == null || sites == null || !sites.isArray()) {
            throw new StructureException(source, 0, where + ": not a pymatgen structure (needs lattice.matrix and sites)");
        }
        double[][] rows = new double[3][3];
        for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) rows[i][k] = number(matrix.path(i).path(k), where + ": lattice.matrix", source);
        Lattice lattice;
        try {
            lattice = new Lattice(rows);
        } catch (IllegalArgumentException e) {
            throw new StructureException(source, 0, where + ": invalid lattice: " + e.getMessage());
        }
        if (sites.size() > options.maxAtoms()) {
            throw new StructureException(source, 0, where + ": " + sites.size() + " sites, more than the limit of " + options.maxAtoms() + " (max atoms)");
        }
        Structure.Builder b = Structure.builder(lattice).id(id);
        for (int i = 0; i < sites.size(); i++) {
            JsonNode site = sites.get(i);
            String at = where + ": site " + (i + 1);
            List<Species> species = new ArrayList<>();
            for (JsonNode sp : site.path("species")) {
                Elements e = ElementData.parseSymbol(sp.path("element").asText());
                if (e == null) throw new StructureException(source, 0, at + ": unknown element '" + sp.path("element").asText() + "'");
                double occ = sp.has("occu") ? number(sp.get("occu"), at + ": occu", source) : 1;
                try {
                    species.add(new Species(e, occ));
                } catch (IllegalArgumentException ex) {
                    throw new StructureException(source, 0, at + ": " + ex.getMessage());
                }
            }
            if (species.isEmpty()) throw new StructureException(source, 0, at + ": no species");
            double[] p = new double[3];
            JsonNode abc = site.get("abc"), xyz = site.get("xyz");
            if (abc == null && xyz == null) throw new StructureException(source, 0, at + ": no abc or xyz coordinates");
            for (int k = 0; k < 3; k++) p[k] = number((abc != null ? abc : xyz).path(k), at + ": coordinates", source);
            if (abc == null) p = lattice.toFractional(p);
            b.add(site.has("label") ? site.get("label").asText() : null, species, p);
        }
        return b.build();
    }

    private static double number(JsonNode n, String what, String source) {
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) throw new StructureException(source, 0, what + ": expected a number, got " + n);
        return n.asDouble();
    }
}
