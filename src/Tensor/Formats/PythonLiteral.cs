using System.Globalization;
using System.Text;

namespace Engine.Tensors.Formats;

/// <summary>
/// A parser for the small subset of Python literals that a .npy header uses: dicts with string
/// keys, strings, integers (with Python 2's optional L suffix), True/False/None, tuples and lists.
/// It evaluates nothing. Dicts become <see cref="Dictionary{TKey, TValue}"/>, tuples and lists
/// <see cref="List{T}"/>, integers <see cref="long"/>, None null.
/// </summary>
internal sealed class PythonLiteral
{
    /// <summary>The deepest nesting of dicts, tuples and lists accepted (a .npy header nests two).</summary>
    public const int MaxDepth = 32;

    private readonly string _text;
    private int _pos;
    private int _depth;

    private PythonLiteral(string text) => _text = text;

    /// <summary>Parses one literal spanning the whole text (surrounding whitespace allowed).</summary>
    /// <exception cref="FormatException">The text is not such a literal; the message gives the position.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        var value = parser.Value();
        parser.SkipSpace();
        if (parser._pos != text.Length) throw parser.Error("unexpected text after the literal");
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("unexpected end of text");
        var c = _text[_pos];
        return c switch
        {
            '{' => Nested(Dict),
            '(' => Nested(() => Sequence(')')),
            '[' => Nested(() => Sequence(']')),
            '\'' or '"' => String(),
            _ when char.IsAsciiDigit(c) || c == '-' || c == '+' => Integer(),
            _ when char.IsAsciiLetter(c) => Word(),
            _ => throw Error($"unexpected character '{c}'"),
        };
    }

    // The parser recurses once per level: bounding the depth keeps a hostile header from overflowing the stack.
    private object Nested(Func<object> parse)
    {
        if (++_depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
        var value = parse();
        _depth--;
        return value;
    }

    private Dictionary<string, object?> Dict()
    {
        _pos++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Peek() == '}') { _pos++; return dict; }
            if (Value() is not string key) throw Error("dict keys must be strings");
            SkipSpace();
            if (Peek() != ':') throw Error("':' expected after a dict key");
            _pos++;
            if (!dict.TryAdd(key, Value())) throw Error($"key '{key}' appears twice");
            SkipSpace();
            if (Peek() == ',') _pos++;
            else if (Peek() != '}') throw Error("',' or '}' expected in a dict");
        }
    }

    private List<object?> Sequence(char close)
    {
        _pos++;
        var items = new List<object?>();
        while (true)
        {
            SkipSpace();
            if (Peek() == close) { _pos++; return items; }
            items.Add(Value());
            SkipSpace();
            if (Peek() == ',') _pos++;
            else if (Peek() != close) throw Error($"',' or '{close}' expected");
        }
    }

    private string String()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("unterminated string");
            var c = _text[_pos++];
            if (c == quote) return sb.ToString();
            if (c == '\\')
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                c = _text[_pos++];
            }
            sb.Append(c);
        }
    }

    private long Integer()
    {
        var start = _pos;
        if (_text[_pos] is '-' or '+') _pos++;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        var digits = _text[start.._pos];
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error($"'{digits}' is not an integer that fits in 64 bits");
        if (_pos < _text.Length && _text[_pos] is 'L' or 'l') _pos++;
        return value;
    }

    private object? Word()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        return _text[start.._pos] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var w => throw Error($"unknown name '{w}'"),
        };
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private FormatException Error(string message) => new($"{message} at character {_pos}");
}
