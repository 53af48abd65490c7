package gov.linkage.engine;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses task queries that smuggle expressions inside {@code orQueries}. Operaton 1.0.3 checks
 * {@code enableExpressionsInAdhocQueries=false} only on the top-level query, so
 * {@code {"orQueries":[{"assigneeExpression":"${...}"}]}} would evaluate JUEL on the server
 * (the Camunda 7.24.x advisory). JSON bodies are inspected; any key ending in "Expression" inside
 * an "orQueries" array is answered with 400 before the engine sees it.
 */
public class OrQueryExpressionFilter extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_INSPECTED_BYTES = 1 << 20;

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String contentType = request.getContentType();
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_INSPECTED_BYTES + 1);
    if (body.length > MAX_INSPECTED_BYTES || smugglesExpression(body)) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"type\":\"InvalidRequestException\",\"message\":\"Expressions are not allowed in orQueries\"}");
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  static boolean smugglesExpression(byte[] body) {
    if (body.length == 0) return false;
    try {
      return containsOrQueryExpression(JSON.readTree(body), false);
    } catch (IOException notJson) {
      return false; // the engine answers malformed JSON itself
    }
  }

  private static boolean containsOrQueryExpression(JsonNode node, boolean insideOrQueries) {
    if (node == null) return false;
    if (node.isArray()) {
      for (JsonNode item : node) if (containsOrQueryExpression(item, insideOrQueries)) return true;
      return false;
    }
    if (!node.isObject()) return false;
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (insideOrQueries && field.getKey().endsWith("Expression")) return true;
      boolean nested = insideOrQueries || "orQueries".equals(field.getKey());
      if (containsOrQueryExpression(field.getValue(), nested)) return true;
    }
    return false;
  }

  /** The request with its body already read, so the engine can read it again. */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override public int read() { return in.read(); }
        @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
        @Override public boolean isFinished() { return in.available() == 0; }
        @Override public boolean isReady() { return true; }
        @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException(); }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() { return body.length; }

    @Override
    public long getContentLengthLong() { return body.length; }
  }
}
