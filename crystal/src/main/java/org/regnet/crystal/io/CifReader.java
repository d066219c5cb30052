package org.regnet.crystal.io;

import org.openscience.cdk.config.Elements;
import org.regnet.crystal.ElementData;
import org.regnet.crystal.Lattice;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.Species;
import org.regnet.crystal.Structure;
import org.regnet.crystal.StructureException;
import org.regnet.crystal.symmetry.SpaceGroup;
import org.regnet.crystal.symmetry.SpaceGroupTable;
import org.regnet.crystal.symmetry.SymmetryExpander;
import org.regnet.crystal.symmetry.SymmetryExpander.AsymmetricSite;
import org.regnet.crystal.symmetry.SymmetryExpander.ExpandedSite;
import org.regnet.crystal.symmetry.SymmetryOperation;

import java.util.ArrayList;
import java.util.List;

/**
 * CIF to structures: one per data block that has atom sites. Symmetry comes from the
 * operation loop, else from the space group (Hall symbol, Hermann–Mauguin symbol or number)
 * through {@link SpaceGroupTable}; a block that names neither is taken as P1. The asymmetric
 * unit is never returned as if it were the cell.
 */
final class CifReader implements StructureReader {
    private static final String[] OPERATION_TAGS = {"_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"};
    private static final String[] HM_TAGS = {"_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m", "_space_group_name_h-m_full"};
    private static final String[] HALL_TAGS = {"_space_group_name_hall", "_symmetry_space_group_name_hall"};
    private static final String[] NUMBER_TAGS = {"_space_group_it_number", "_symmetry_int_tables_number"};

    @Override
    public List<Structure> read(String text, String source, ReadOptions options) {
        List<Structure> out = new ArrayList<>();
        for (ReadResult r : readEach(text, source, options)) {
            if (r.error() != null) throw r.error();
            out.add(r.structure());
        }
        return out;
    }

    /** One result per data block with atom sites: a bad block fails alone. */
    @Override
    public List<ReadResult> readEach(String text, String source, ReadOptions options) {
        List<CifBlock> blocks = CifParser.parse(text, source);
        List<ReadResult> out = new ArrayList<>();
        for (CifBlock block : blocks) {
            if (block.loopWith("_atom_site_fract_x") == null && block.loopWith("_atom_site_cartn_x") == null) continue;
            try {
                out.add(new ReadResult(null, toStructure(block, source, options), null));
            } catch (StructureException e) {
                out.add(new ReadResult(null, null, e));
            } catch (IllegalArgumentException e) {  // a value out of range (Structure.Builder): this block's, not the file's
                out.add(new ReadResult(null, null, new StructureException(source, block.line, e.getMessage() + " in data_" + block.name)));
            }
        }
        if (out.isEmpty()) {
            throw new StructureException(source, blocks.get(0).line, "no atom sites: no _atom_site_fract_x (or _atom_site_Cartn_x) loop in any data block");
        }
        return out;
    }

    private Structure toStructure(CifBlock block, String source, ReadOptions options) {
        Lattice lattice = lattice(block, source);
        String spaceGroupText = textOf(block.first(HM_TAGS));
        if (spaceGroupText == null) spaceGroupText = textOf(block.first(HALL_TAGS));
        if (spaceGroupText == null) spaceGroupText = textOf(block.first(NUMBER_TAGS));
        List<SymmetryOperation> ops = operations(block, lattice, source);
        List<AsymmetricSite> asym = sites(block, lattice, source, options);
        List<ExpandedSite> sites;
        try {
            sites = SymmetryExpander.expand(asym, ops, lattice, options.siteTolerance(), options.maxAtoms());
        } catch (SymmetryExpander.ExpansionException e) {
            throw new StructureException(source, e.line(), e.getMessage());
        }
        Structure.Builder b = Structure.builder(lattice).spaceGroup(spaceGroupText);
        for (ExpandedSite s : sites) b.add(s.label(), s.species(), s.fractional());
        return b.build();
    }

    private static String textOf(CifBlock.Value v) { return v == null ? null : v.text().strip(); }

    private static Lattice lattice(CifBlock block, String source) {
        String[] tags = {"_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"};
        double[] p = new double[6];
        for (int i = 0; i < 6; i++) {
            CifBlock.Value v = block.item(tags[i]);
            if (v == null || v.isUnknown()) {
                throw new StructureException(source, block.line, "missing cell parameter " + tags[i] + " in data_" + block.name);
            }
            p[i] = Numbers.parse(v.text(), tags[i], source, v.line());
        }
        try {
            return Lattice.fromParameters(p[0], p[1], p[2], p[3], p[4], p[5]);
        } catch (IllegalArgumentException e) {
            throw new StructureException(source, block.item(tags[0]).line(), "invalid cell: " + e.getMessage());
        }
    }

    private static List<SymmetryOperation> operations(CifBlock block, Lattice lattice, String source) {
        for (String tag : OPERATION_TAGS) {
            List<CifBlock.Value> values = new ArrayList<>();
            CifBlock.Loop loop = block.loopWith(tag);
            if (loop != null) for (CifBlock.Value[] row : loop.rows()) values.add(row[loop.column(tag)]);
            else if (block.item(tag) != null) values.add(block.item(tag));
            if (values.isEmpty()) continue;
            List<SymmetryOperation> ops = new ArrayList<>();
            for (CifBlock.Value v : values) {
                try {
                    ops.add(SymmetryOperation.parse(v.text()));
                } catch (IllegalArgumentException e) {
                    throw new StructureException(source, v.line(), e.getMessage());
                }
            }
            return ops;
        }
        SpaceGroupTable table = SpaceGroupTable.standard();
        CifBlock.Value hall = block.first(HALL_TAGS);
        if (hall != null) {
            return table.byHall(hall.text()).orElseThrow(() -> unknownGroup(source, hall, "Hall symbol")).operations();
        }
        CifBlock.Value hm = block.first(HM_TAGS);
        if (hm != null) {
            return table.bySymbol(hm.text(), lattice).orElseThrow(() -> unknownGroup(source, hm, "Hermann-Mauguin symbol")).operations();
        }
        CifBlock.Value number = block.first(NUMBER_TAGS);
        if (number != null) {
            int n = Numbers.parseCount(number.text(), "the space group number", source, number.line());
            return table.byNumber(n, lattice).orElseThrow(() -> unknownGroup(source, number, "space group number")).operations();
        }
        return List.of(SymmetryOperation.IDENTITY);  // no symmetry information at all: P1
    }

    private static StructureException unknownGroup(String source, CifBlock.Value v, String what) {
        return new StructureException(source, v.line(), "unknown " + what + " '" + v.text().strip()
                + "' and no symmetry operations to expand the asymmetric unit; add a _space_group_symop_operation_xyz loop");
    }

    private static List<AsymmetricSite> sites(CifBlock block, Lattice lattice, String source, ReadOptions options) {
        boolean fractional = block.loopWith("_atom_site_fract_x") != null;
        String[] xyz = fractional ? new String[] {"_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z"}
                : new String[] {"_atom_site_cartn_x", "_atom_site_cartn_y", "_atom_site_cartn_z"};
        CifBlock.Loop loop = block.loopWith(xyz[0]);
        int[] col = new int[3];
        for (int k = 0; k < 3; k++) {
            col[k] = loop.column(xyz[k]);
            if (col[k] < 0) throw new StructureException(source, loop.line(), "atom site loop has " + xyz[0] + " but no " + xyz[k]);
        }
        int typeCol = loop.column("_atom_site_type_symbol");
        int labelCol = loop.column("_atom_site_label");
        int occCol = loop.column("_atom_site_occupancy");
        if (typeCol < 0 && labelCol < 0) throw new StructureException(source, loop.line(), "atom site loop has neither _atom_site_type_symbol nor _atom_site_label");
        if (loop.rows().size() > options.maxAtoms()) {
            throw new StructureException(source, loop.line(), "structure has " + loop.rows().size() + " atom sites, more than the limit of " + options.maxAtoms() + " (max atoms)");
        }
        List<AsymmetricSite> out = new ArrayList<>(loop.rows().size());
        for (CifBlock.Value[] row : loop.rows()) {
            CifBlock.Value symbol = typeCol >= 0 && !row[typeCol].isUnknown() ? row[typeCol] : row[labelCol];
            Elements e = ElementData.parseSymbol(symbol.text());
            if (e == null) throw new StructureException(source, symbol.line(), "unknown element '" + Numbers.shorten(symbol.text()) + "'");
            double[] p = new double[3];
            for (int k = 0; k < 3; k++) {
                CifBlock.Value v = row[col[k]];
                if (v.text().equals(".") && !v.quoted()) {  // "inapplicable": 0, as pymatgen reads it
                    p[k] = 0;
                    continue;
                }
                if (v.isUnknown()) throw new StructureException(source, v.line(), "coordinate " + xyz[k] + " is unknown ('" + v.text() + "')");
                p[k] = Numbers.parse(v.text(), xyz[k], source, v.line());
            }
            if (!fractional) p = lattice.toFractional(p);
            for (double f : p) {  // before symmetry expansion wraps it into the cell and hides it
                if (Math.abs(f) > Structure.Builder.MAX_FRACTIONAL) {
                    throw new StructureException(source, symbol.line(), "fractional coordinate " + f + " is out of range (|f| ≤ "
                            + (int) Structure.Builder.MAX_FRACTIONAL + ") in data_" + block.name);
                }
            }
            double occupancy = 1;
            if (occCol >= 0 && !row[occCol].isUnknown()) {
                occupancy = Numbers.parse(row[occCol].text(), "_atom_site_occupancy", source, row[occCol].line());
                if (!(occupancy > 0 && occupancy <= 1 + 1e-3)) {
                    throw new StructureException(source, row[occCol].line(), "occupancy " + occupancy + " is outside (0, 1]");
                }
            }
            String label = labelCol >= 0 ? row[labelCol].text() : symbol.text();
            out.add(new AsymmetricSite(label, List.of(new Species(e, Math.min(1, occupancy))), p, symbol.line()));
        }
        return out;
    }
}
