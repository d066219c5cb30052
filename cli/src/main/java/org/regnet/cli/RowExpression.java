package org.regnet.cli;

import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's expression over a prediction row's values ({@code screen --where}, {@code --by}),
 * evaluated with Apache Commons JEXL: arithmetic, comparisons, {@code && || !}, and the row's
 * variables by name (band_gap, band_gap_std, band_gap_lo, atoms, domain ...). Nothing else: no
 * method calls, object creation, loops or assignments, and no access to Java classes, so an
 * expression cannot do anything but compute a value. Mistakes are found before the run starts: a
 * syntax error (with its column), an unknown variable, or a result of the wrong type is a usage
 * error naming the option.
 */
final class RowExpression {
    private static final JexlFeatures FEATURES = new JexlFeatures().loops(false).sideEffect(false).sideEffectGlobal(false)
            .newInstance(false).methodCall(false).lambda(false).annotation(false).pragma(false).script(false).localVar(false)
            .structuredLiteral(false).arrayReferenceExpr(false);
    private static final JexlEngine ENGINE = new JexlBuilder().features(FEATURES).permissions(JexlPermissions.RESTRICTED)
            .strict(true).silent(false).safe(false).cache(16).create();

    /** What a row's value must be. */
    enum Kind { BOOLEAN, NUMBER }

    private final JexlScript script;
    private final Kind kind;

    private RowExpression(JexlScript script, Kind kind) {
        this.script = script;
        this.kind = kind;
    }

    /**
     * Compiles and checks an expression against a sample row holding every variable a row can have.
     *
     * @throws CommandLine.ParameterException for a syntax error, an unknown variable or a result of the wrong kind
     */
    static RowExpression compile(CommandLine cli, String option, String text, Kind kind, Map<String, Object> sample) {
        JexlScript script;
        try {
            script = ENGINE.createScript(FEATURES, null, text);
        } catch (JexlException e) {
            throw new CommandLine.ParameterException(cli, option + ": " + syntaxError(text, e));
        }
        Set<String> unknown = new TreeSet<>();
        for (List<String> path : script.getVariables()) if (!sample.containsKey(path.get(0))) unknown.add(String.join(".", path));
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(cli, String.format(Locale.ROOT, "%s: unknown variable%s %s in '%s'; a row has: %s",
                    option, unknown.size() > 1 ? "s" : "", String.join(", ", unknown), text, String.join(", ", new TreeSet<>(sample.keySet()))));
        }
        RowExpression e = new RowExpression(script, kind);
        Object value;
        try {
            value = script.execute(new MapContext(sample));
        } catch (JexlException ex) {
            throw new CommandLine.ParameterException(cli, option + ": '" + text + "' cannot be evaluated: " + detail(ex));
        }
        if (!e.fits(value)) {
            throw new CommandLine.ParameterException(cli, String.format(Locale.ROOT, "%s: '%s' must give %s, not %s", option, text,
                    kind == Kind.BOOLEAN ? "true or false (a condition, e.g. band_gap >= 1 && band_gap <= 3)" : "a number",
                    value == null ? "nothing" : value.getClass().getSimpleName()));
        }
        return e;
    }

    private boolean fits(Object value) {
        return kind == Kind.BOOLEAN ? value instanceof Boolean : value instanceof Number;
    }

    /** The condition on a row; a value the expression cannot handle (e.g. a missing interval) counts as false. */
    boolean test(Map<String, Object> variables) {
        Object value = evaluate(variables);
        return value instanceof Boolean b && b;
    }

    /** The ranking key of a row; NaN when it cannot be computed. */
    double number(Map<String, Object> variables) {
        Object value = evaluate(variables);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private Object evaluate(Map<String, Object> variables) {
        try {
            return script.execute(new MapContext(variables));
        } catch (JexlException e) {
            return null;
        }
    }

    /** "syntax error at column 12: ..." with the expression and a caret under the column. */
    private static String syntaxError(String text, JexlException e) {
        int column = e.getInfo() != null ? e.getInfo().getColumn() : 0;
        String caret = column > 0 ? "\n    " + text + "\n    " + " ".repeat(Math.max(0, column - 1)) + "^" : "";
        return (column > 0 ? "syntax error at column " + column : "syntax error") + " in '" + text + "': " + detail(e) + caret;
    }

    private static String detail(JexlException e) {
        String m = e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        return m.replaceFirst("^\\S*@\\d+:\\d+\\s*", "");  // JEXL prefixes "Class.method:line@line:column "
    }
}
