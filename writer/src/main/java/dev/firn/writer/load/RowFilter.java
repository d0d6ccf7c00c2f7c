package dev.firn.writer.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * A row filter as users write one: predicates joined by {@code and}, each {@code col = 'text'},
 * {@code col != 3}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code col is null}, {@code col
 * is not null} or {@code col in ('a', 'b')}. Quoted text binds to dates, timestamps and other types
 * of the column, as Iceberg literals do.
 */
final class RowFilter {
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*(?:('(?:[^']|'')*')|(-?\\d+(?:\\.\\d+)?)|(<=|>=|!=|<>|=|<|>|\\(|\\)|,)|([A-Za-z_][\\w.]*))");

  private final List<String> tokens;
  private final String text;
  private int next;

  private RowFilter(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  static Expression parse(String text) {
    RowFilter parser = new RowFilter(text);
    Expression expression = parser.predicate();
    while (parser.next < parser.tokens.size()) {
      parser.expectWord("and");
      expression = Expressions.and(expression, parser.predicate());
    }
    return expression;
  }

  /**
   * Checks that a filter names columns of the schema with values of their types.
   *
   * @throws IllegalArgumentException naming the column or value at fault
   */
  static void check(Expression filter, Schema schema, String table) {
    try {
      Binder.bind(schema.asStruct(), filter, true);
    } catch (ValidationException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid overwrite filter for "
              + table
              + ": "
              + e.getMessage()
              + " (columns: "
              + schema.columns().stream().map(Types.NestedField::name).toList()
              + ")",
          e);
    }
  }

  /** Tells whether rows match a filter; rows are Iceberg generic records of the schema. */
  static Predicate<Record> matcher(Expression filter, Schema schema) {
    Evaluator evaluator = new Evaluator(schema.asStruct(), filter, true);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    return row -> evaluator.eval(wrapper.wrap(row));
  }

  private Expression predicate() {
    String column = take();
    String op = take();
    switch (op.toLowerCase(Locale.ROOT)) {
      case "is":
        if (peek().equalsIgnoreCase("not")) {
          take();
          expectWord("null");
          return Expressions.notNull(column);
        }
        expectWord("null");
        return Expressions.isNull(column);
      case "in":
        {
          expect("(");
          List<Object> values = new ArrayList<>();
          values.add(literal());
          while (peek().equals(",")) {
            take();
            values.add(literal());
          }
          expect(")");
          return Expressions.in(column, values.toArray());
        }
      case "=":
        return Expressions.equal(column, literal());
      case "!=", "<>":
        return Expressions.notEqual(column, literal());
      case "<":
        return Expressions.lessThan(column, literal());
      case "<=":
        return Expressions.lessThanOrEqual(column, literal());
      case ">":
        return Expressions.greaterThan(column, literal());
      case ">=":
        return Expressions.greaterThanOrEqual(column, literal());
      default:
        throw invalid("unknown operator " + op);
    }
  }

  private Object literal() {
    String token = take();
    if (token.startsWith("'")) {
      return token.substring(1, token.length() - 1).replace("''", "'");
    }
    if (token.equalsIgnoreCase("true") || token.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(token);
    }
    if (token.matches("-?\\d+")) {
      return Long.parseLong(token);
    }
    if (token.matches("-?\\d+\\.\\d+")) {
      return new BigDecimal(token);
    }
    throw invalid("expected a value, found " + token);
  }

  private String take() {
    if (next >= tokens.size()) {
      throw invalid("it ends too early");
    }
    return tokens.get(next++);
  }

  private String peek() {
    return next < tokens.size() ? tokens.get(next) : "";
  }

  private void expect(String token) {
    if (!take().equals(token)) {
      throw invalid("expected " + token);
    }
  }

  private void expectWord(String word) {
    if (!take().equalsIgnoreCase(word)) {
      throw invalid("expected " + word);
    }
  }

  private IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("Invalid filter: " + text + " (" + why + ")");
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (text.substring(at).isBlank()) {
        break;
      }
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "Invalid filter: " + text + " (cannot read it from position " + (at + 1) + ")");
      }
      for (int group = 1; group <= 4; group++) {
        if (m.group(group) != null) {
          tokens.add(m.group(group));
        }
      }
      at = m.end();
    }
    return tokens;
  }
}
