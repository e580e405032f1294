using System.Buffers.Binary;
using System.Text;

namespace Helpline.Cli.Tests;

/// <summary>
/// Reads a recording's duration from its RIFF/WAVE header (the <c>fmt </c> and <c>data</c> chunks, skipping any other),
/// as sox's <c>soxi -D</c> computes it: sample frames divided by the sample rate. Tests need no sox.
/// </summary>
internal static class WavFile
{
    public static double DurationSeconds(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file");
        }

        int? sampleRate = null, blockAlign = null;
        long? dataBytes = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4, 4));
            var body = offset + 8;
            if (id == "fmt " && size >= 16 && body + 16 <= bytes.Length)
            {
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(body + 4, 4));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 12, 2));
            }
            else if (id == "data")
            {
                dataBytes = Math.Min(size, bytes.Length - body);
            }

            offset = body + (int)size + (int)(size % 2); // chunks are padded to an even size
        }

        if (sampleRate is not > 0 || blockAlign is not > 0 || dataBytes is null)
        {
            throw new InvalidDataException($"{path} has no readable 'fmt ' and 'data' chunks");
        }

        return (double)(dataBytes.Value / blockAlign.Value) / sampleRate.Value;
    }

    /// <summary>Writes a silent PCM WAV file with an extra chunk before its data, as some recorders do.</summary>
    public static void WriteSilence(string path, int sampleRate, short channels, long frames)
    {
        const short bitsPerSample = 16;
        var blockAlign = (short)(channels * bitsPerSample / 8);
        var dataBytes = frames * blockAlign;
        var list = "LIST"u8.ToArray().Concat(BitConverter.GetBytes(4)).Concat("INFO"u8.ToArray()).ToArray();
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write((uint)(4 + (8 + 16) + list.Length + 8 + dataBytes));
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(16u);
        writer.Write((short)1);
        writer.Write(channels);
        writer.Write(sampleRate);
        writer.Write(sampleRate * blockAlign);
        writer.Write(blockAlign);
        writer.Write(bitsPerSample);
        writer.Write(list);
        writer.Write("data"u8);
        writer.Write((uint)dataBytes);
        writer.Write(new byte[dataBytes]);
    }
}
