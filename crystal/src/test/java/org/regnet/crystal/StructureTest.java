package org.regnet.crystal;

import org.junit.jupiter.api.Test;
import org.openscience.cdk.config.Elements;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.ICrystal;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructureTest {
    @Test
    void formulaDensityAndComposition() {
        Structure nacl = Fixtures.read("NaCl.cif");
        assertEquals("NaCl", nacl.reducedFormula());
        assertEquals(2.1635, nacl.density(), 5e-4);  // textbook 2.165 g/cm³
        assertEquals(4.0, nacl.composition().get(Elements.Sodium), 1e-12);
        assertEquals("SrTiO3", Fixtures.read("SrTiO3.vasp").reducedFormula());
        assertEquals("ZnO", Fixtures.read("ZnO.vasp").reducedFormula());
    }

    @Test
    void cdkCrystalViewCarriesCellAndAtoms() {
        Structure zno = Fixtures.read("ZnO-wurtzite.cif");
        ICrystal c = zno.crystal();
        assertEquals(4, c.getAtomCount());
        assertEquals(3.2498, c.getA().length(), 1e-9);
        assertEquals("P 63 m c", c.getSpaceGroup());
        IAtom zn = c.getAtom(0);
        assertEquals("Zn", zn.getSymbol());
        assertEquals(30, zn.getAtomicNumber());
        assertEquals(zno.fractional(0)[2], zn.getFractionalPoint3d().z, 1e-12);
        assertEquals(zno.cartesian(0)[1], zn.getPoint3d().y, 1e-12);
        assertNotSame(c, zno.crystal(), "the view is a copy: callers cannot change the structure");
        Structure back = Structure.fromCrystal("again", c);
        assertEquals(zno.size(), back.size());
        assertEquals(zno.reducedFormula(), back.reducedFormula());
    }

    @Test
    void disorderedSitesKeepTheirMixture() {
        Structure s = Structure.builder(Lattice.cubic(3.87))
                .add("M1", List.of(new Species(Elements.Copper, 0.5), new Species(Elements.Gold, 0.5)), 0, 0, 0).build();
        assertFalse(s.isOrdered());
        assertEquals("Cu0.5Au0.5", s.reducedFormula());
        assertEquals(Elements.Copper, s.element(0), "a tie goes to the first listed species");
        assertTrue(Fixtures.read("NaCl.vasp").isOrdered());
    }
}
