using System.Buffers.Binary;

namespace PlanningSolver.Planning.Tests.Reports;

/// <summary>Just enough PNG reading to check a rendered image: the signature and the IHDR size.</summary>
public static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the bytes are a PNG whose first chunk is IHDR, and returns its width and height.</summary>
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.NotNull(png);
        Assert.True(png.Length > 33, "too short for a PNG");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
