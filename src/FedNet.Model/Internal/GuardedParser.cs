using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FedNet.Model.Internal;

/// <summary>
/// Passes YamlDotNet's event stream through to the representation model while refusing aliases and deep nesting,
/// so one parse both guards the recursive tree build (it stops before the nesting it would recurse into) and builds
/// the tree. Remembers where the last good event ended, for parser failures that carry no position.
/// </summary>
internal sealed class GuardedParser(IParser inner, int maxDepth) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    /// <summary>The end of the last event read.</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        var current = inner.Current!;
        switch (current)
        {
            case AnchorAlias alias:
                throw new RefusedYamlException(current.Start, $"YAML aliases (*{alias.Value}) are not supported in descriptions; write the value out");
            case MappingStart or SequenceStart when ++_depth > maxDepth:
                throw new RefusedYamlException(current.Start, $"the YAML is nested more than {maxDepth} levels deep");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        LastGood = current.End;
        return true;
    }
}

/// <summary>Valid YAML that descriptions do not accept (aliases, deep nesting); the message is shown as is.</summary>
internal sealed class RefusedYamlException(Mark start, string reason) : YamlException(start, start, reason)
{
    /// <summary>The message without YamlDotNet's position prefix.</summary>
    public string Reason { get; } = reason;
}
