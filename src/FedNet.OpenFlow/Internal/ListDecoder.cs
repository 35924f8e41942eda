namespace FedNet.OpenFlow.Internal;

/// <summary>Decodes one item of a list from the reader.</summary>
internal delegate T ItemDecoder<T>(ref OfpReader reader);

/// <summary>Decodes a list of TLVs into an array sized by a pre-count, without an intermediate List.</summary>
internal static class ListDecoder
{
    public static EquatableArray<T> Decode<T>(ref OfpReader r, int expected, ItemDecoder<T> decode)
    {
        if (r.IsEmpty)
            return EquatableArray<T>.Empty;
        var items = new T[Math.Max(1, expected)];
        var n = 0;
        while (!r.IsEmpty)
        {
            var item = decode(ref r);
            if (n == items.Length)
                Array.Resize(ref items, n * 2);
            items[n++] = item;
        }
        if (n != items.Length)
            Array.Resize(ref items, n);
        return items;
    }
}
