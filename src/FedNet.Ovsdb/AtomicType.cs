namespace FedNet.Ovsdb;

/// <summary>The five atomic types of RFC 7047 section 3.2.</summary>
public enum AtomicType
{
    Integer,
    Real,
    Boolean,
    String,
    Uuid,
}
