package io.ecmt.sdk.testkit.ecmt;

/**
 * The one place the testkit hides secrets in what it shows (transcript exports and strings, the
 * server's traffic log, violation lists). It works on content, not on who wrote the line, so the
 * host's command, the module's echo of it and a line with noise in front are all caught.
 *
 * <p>Secret-bearing forms, matched case-insensitively anywhere in a line, with optional spaces
 * before the {@code =} / {@code :}:
 * <ul>
 *   <li>{@code +ECMTCONN=<id>,<cid>,<user>,<password>}: the password and anything after it;
 *   <li>{@code +ECMTCFG="aliauth",<id>,<pk>,<dn>,<ds>[,...]}: the device secret and anything after;
 *   <li>{@code +ECMTCFG: "aliauth",<dn>,<ds>,<pk>} (the query answer, unquoted): likewise;
 *   <li>{@code +ECMTCFG="ssl","psk",<psk>,<psk_id>}: the PSK only.
 * </ul>
 * A quoted secret becomes {@code "***"}, an unquoted one {@code ***}. A line whose secret is cut
 * off (no closing quote yet) is masked to its end. Lines end at CR or LF.
 *
 * <p>{@link Stream} keeps state across chunks, so a secret split over several transport writes
 * is still masked in every chunk after the one that started the line.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  private Redaction() {}

  /** {@code text} (any number of lines) with every secret masked. */
  public static String redact(CharSequence text) {
    return new Stream().feed(text);
  }

  /** A redactor for one direction of a byte stream, fed chunk by chunk. Not thread-safe. */
  public static final class Stream {
    private static final int OPTION_MAX = 16;

    private enum Mode {
      /** Looking for a secret-bearing command name. */
      SCAN,
      /** Name seen: spaces, then {@code =} or {@code :}. */
      SEPARATOR,
      /** Reading parameters up to the secret one. */
      PARAMS,
      /** At the start of the secret parameter, skipping spaces. */
      SECRET_START,
      /** Inside a quoted / unquoted secret: nothing is shown. */
      SECRET_QUOTED,
      SECRET_BARE,
      /** Everything up to the line end is hidden. */
      HIDE_TO_EOL
    }

    /** Which form the name and separator started. */
    private enum Form { CONN, CFG_SET, CFG_READ }

    private final StringBuilder tail = new StringBuilder();
    private Mode mode = Mode.SCAN;
    private Form form;
    private boolean cfgName;
    private int param;
    private boolean quoted;
    private final StringBuilder value = new StringBuilder();
    private String option;
    private int secretParam;
    private boolean hideRest;

    /** Feeds the next chunk; returns it as it may be shown. */
    public String feed(CharSequence chunk) {
      StringBuilder out = new StringBuilder(chunk.length());
      for (int i = 0; i < chunk.length(); i++) {
        accept(chunk.charAt(i), out);
      }
      return out.toString();
    }

    private void accept(char c, StringBuilder out) {
      if (c == '\r' || c == '\n') {
        reset();
        out.append(c);
        return;
      }
      switch (mode) {
        case SCAN -> {
          out.append(c);
          scan(c);
        }
        case SEPARATOR -> {
          out.append(c);
          if (c == '=') {
            startParams(cfgName ? Form.CFG_SET : Form.CONN);
          } else if (c == ':' && cfgName) {
            startParams(Form.CFG_READ);
          } else if (c != ' ') {
            mode = Mode.SCAN;
            scan(c);
          }
        }
        case PARAMS -> {
          out.append(c);
          params(c);
        }
        case SECRET_START -> {
          if (c == ' ') {
            out.append(c);
          } else if (c == '"') {
            out.append('"').append(MASK).append('"');
            mode = Mode.SECRET_QUOTED;
          } else if (c == ',') {
            // An empty unquoted secret: nothing to hide in it.
            out.append(c);
            afterSecret();
          } else {
            out.append(MASK);
            mode = Mode.SECRET_BARE;
          }
        }
        case SECRET_QUOTED -> {
          if (c == '"') {
            afterSecret();
          }
        }
        case SECRET_BARE -> {
          if (c == ',') {
            afterSecret();
            if (mode == Mode.SCAN) {
              out.append(c);
            }
          }
        }
        case HIDE_TO_EOL -> { }
      }
    }

    private void reset() {
      tail.setLength(0);
      mode = Mode.SCAN;
    }

    private void scan(char c) {
      tail.append(Character.toUpperCase(c));
      if (tail.length() > 9) {
        tail.delete(0, tail.length() - 9);
      }
      if (endsWith("+ECMTCONN")) {
        cfgName = false;
        mode = Mode.SEPARATOR;
      } else if (endsWith("+ECMTCFG")) {
        cfgName = true;
        mode = Mode.SEPARATOR;
      }
    }

    private boolean endsWith(String name) {
      int n = tail.length();
      return n >= name.length() && tail.indexOf(name, n - name.length()) == n - name.length();
    }

    private void startParams(Form f) {
      form = f;
      mode = Mode.PARAMS;
      param = 0;
      quoted = false;
      value.setLength(0);
      option = null;
      secretParam = f == Form.CONN ? 3 : -1; // CFG: decided by the option
      hideRest = f == Form.CONN;
      tail.setLength(0);
    }

    private void params(char c) {
      if (c == '"') {
        quoted = !quoted;
        return;
      }
      if (c != ',' || quoted) {
        if (c != ' ' && value.length() < OPTION_MAX) {
          value.append(Character.toLowerCase(c));
        }
        return;
      }
      // A comma ends parameter `param`.
      String v = value.toString();
      value.setLength(0);
      if (form != Form.CONN && !decideCfg(v)) {
        mode = Mode.SCAN; // an option without secrets
        return;
      }
      param++;
      if (param == secretParam) {
        mode = Mode.SECRET_START;
      }
    }

    /** Reads the CFG option (and the ssl kind); false when this line carries no secret. */
    private boolean decideCfg(String v) {
      if (param == 0) {
        option = v;
        if (option.equals("aliauth")) {
          // set: pk,dn,ds after the id; the query answer prints dn,ds,pk (unquoted).
          secretParam = form == Form.CFG_SET ? 4 : 2;
          hideRest = true;
          return true;
        }
        return option.equals("ssl") && form == Form.CFG_SET;
      }
      if (param == 1 && form == Form.CFG_READ && v.startsWith("(")) {
        return false; // the AT+ECMTCFG=? listing names the fields, it holds no secret
      }
      if (param == 1 && option.equals("ssl")) {
        if (!v.equals("psk")) {
          return false;
        }
        secretParam = 2;
        hideRest = false;
      }
      return true;
    }

    private void afterSecret() {
      mode = hideRest ? Mode.HIDE_TO_EOL : Mode.SCAN;
      tail.setLength(0);
    }
  }
}
