package gov.linkage.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.operaton.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.operaton.bpm.dmn.engine.DmnEngineConfiguration;
import org.operaton.bpm.dmn.feel.impl.FeelEngine;
import org.operaton.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.variable.context.VariableContext;
import org.operaton.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * FEEL for DMN, answering the cells that are a plain string literal ({@code "road-damage"}) or a
 * plain variable name holding a string ({@code category}) directly, and every other cell with the
 * engine's own FEEL engine (feel-scala), unchanged.
 *
 * <p>Why (issue 9): feel-scala parses a cell on every evaluation and builds its root context with
 * all built-in functions each time; the platform's generated tables (event-grading,
 * responsibility-routing, one rule per category) are almost only such literals. In the throughput
 * bench the DMN took a fifth of the engine's CPU, nearly all of it in that per-call setup, not in
 * comparing two strings.
 *
 * <p>Same answers by construction: a string-literal unary test in FEEL is {@code input = "…"}, which
 * is true only for an equal string (a missing, null or non-string input never equals a string);
 * a string-literal expression is that string; a name bound to a string is that string. Anything
 * else — lists, ranges, {@code not(…)}, escapes, numbers, dates, functions — goes to feel-scala.
 * The integration test evaluates both shipped tables and a table of non-literal cells.
 */
@Component
public class LiteralFeel extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
        ? configuration.getDmnEngineConfiguration()
        : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    // Custom FEEL functions reach the DMN configuration only when the engine builds it, so read them then.
    dmn.setFeelEngineFactory(() -> new Engine(new ScalaFeelEngineFactory(dmn.getFeelCustomFunctionProviders()).createInstance()));
    configuration.setDmnEngineConfiguration(dmn);
  }

  static final class Engine implements FeelEngine {
    /** A FEEL string literal without escape sequences: "…" with no quote or backslash inside. */
    private static final Pattern STRING_LITERAL = Pattern.compile("\\s*\"([^\"\\\\]*)\"\\s*");
    /** A FEEL name made of letters, digits and underscores (no spaces, dots or operators). */
    private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "not", "and", "or", "for", "in", "if", "then", "else",
        "some", "every", "satisfies", "instance", "of", "function", "between");
    private static final int MAX_CACHED = 10_000;

    private final FeelEngine full;
    private final Map<String, Optional<String>> literals = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> names = new ConcurrentHashMap<>();

    Engine(FeelEngine full) {
      this.full = full;
    }

    @Override
    public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
      Optional<String> literal = literalOf(expression);
      if (literal.isPresent()) return cast(literal.get());
      Optional<String> name = nameOf(expression);
      if (name.isPresent()) {
        Object value = valueOf(variables, name.get());
        if (value instanceof String text) return cast(text);
      }
      return full.evaluateSimpleExpression(expression, variables);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String tests, String inputName, VariableContext variables) {
      Optional<String> literal = literalOf(tests);
      if (literal.isPresent()) return literal.get().equals(valueOf(variables, inputName));
      return full.evaluateSimpleUnaryTests(tests, inputName, variables);
    }

    private Optional<String> literalOf(String expression) {
      if (expression == null) return Optional.empty();
      return remember(literals, expression, () -> {
        Matcher m = STRING_LITERAL.matcher(expression);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
      });
    }

    private Optional<String> nameOf(String expression) {
      if (expression == null) return Optional.empty();
      return remember(names, expression, () -> {
        Matcher m = NAME.matcher(expression);
        return m.matches() && !KEYWORDS.contains(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
      });
    }

    private static Optional<String> remember(Map<String, Optional<String>> cache, String expression, java.util.function.Supplier<Optional<String>> read) {
      Optional<String> known = cache.get(expression);
      if (known != null) return known;
      Optional<String> fresh = read.get();
      if (cache.size() < MAX_CACHED) cache.put(expression, fresh);
      return fresh;
    }

    private static Object valueOf(VariableContext variables, String name) {
      if (!variables.containsVariable(name)) return null;
      TypedValue value = variables.resolve(name);
      return value == null ? null : value.getValue();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
      return (T) value;
    }
  }
}
