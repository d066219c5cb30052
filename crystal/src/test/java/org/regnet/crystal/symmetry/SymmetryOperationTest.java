package org.regnet.crystal.symmetry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SymmetryOperationTest {
    @Test
    void parsesTheFormsSeenInCifs() {
        double[] f = {0.1, 0.2, 0.3};
        assertArrayEquals(new double[] {0.4, 0.2, 0.55}, SymmetryOperation.parse("-x+1/2, y, z+0.25").apply(f), 1e-12);
        assertArrayEquals(new double[] {-0.1, 0.1, 0.3 + 1.0 / 6}, SymmetryOperation.parse("x-y,x,z+1/6").apply(f), 1e-12);
        assertArrayEquals(new double[] {0.6, -0.2, 0.3}, SymmetryOperation.parse("1/2+X,-Y,Z").apply(f), 1e-12);
        assertArrayEquals(new double[] {0.2, 0.1, -0.3}, SymmetryOperation.parse("+y, +x, -z").apply(f), 1e-12);
    }

    @Test
    void refusesWhatIsNotAnOperation() {
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,y"));
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,y,w"));
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,x,z"));  // singular
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,y,z+1/0x"));
    }
}
