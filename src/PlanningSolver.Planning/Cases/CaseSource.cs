using System.Reflection;

namespace PlanningSolver.Planning.Cases;

/// <summary>Where a case's files come from: a folder on disk, or the cases embedded in this assembly.</summary>
public abstract class CaseSource
{
    /// <summary>How the case is named in messages: the folder path, or "NAME (built-in)".</summary>
    public abstract string DisplayName { get; }

    /// <summary>How a file of the case is named in error messages.</summary>
    public abstract string DisplayPath(string file);

    public abstract bool Exists(string file);

    public abstract Stream Open(string file);

    /// <summary>All file names of the case (relative, forward slashes), sorted.</summary>
    public abstract IReadOnlyList<string> Files();

    /// <summary>A CASE argument: a folder holding case.json, or the name of a built-in case. A folder without case.json
    /// that bears a built-in case's name (e.g. the results of <c>plan --out ring-33</c>) does not hide the built-in case.</summary>
    public static CaseSource Resolve(string? caseArgument)
    {
        var name = string.IsNullOrWhiteSpace(caseArgument) ? BuiltInCases.Default : caseArgument;
        if (Directory.Exists(name) && (File.Exists(Path.Combine(name, CaseFileNames.Manifest)) || !BuiltInCases.TryGet(name, out _)))
        {
            return new FolderCaseSource(name);
        }

        if (File.Exists(name) && Path.GetFileName(name) == CaseFileNames.Manifest)
        {
            return new FolderCaseSource(Path.GetDirectoryName(Path.GetFullPath(name))!);
        }

        if (BuiltInCases.TryGet(name, out var builtIn))
        {
            return builtIn;
        }

        throw new Core.InputError(name, null, null,
            $"no case folder or built-in case of that name (built-in: {string.Join(", ", BuiltInCases.Names)})");
    }
}

/// <summary>A case folder on disk.</summary>
public sealed class FolderCaseSource(string folder) : CaseSource
{
    public string Folder { get; } = folder;

    public override string DisplayName => Folder;

    public override string DisplayPath(string file) => Path.Combine(Folder, file);

    public override bool Exists(string file) => File.Exists(Path.Combine(Folder, file));

    public override Stream Open(string file) => File.OpenRead(Path.Combine(Folder, file));

    public override IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}

/// <summary>A case embedded in the Planning assembly (resource names "cases/NAME/FILE").</summary>
public sealed class EmbeddedCaseSource(string name) : CaseSource
{
    private static readonly Assembly Assembly = typeof(EmbeddedCaseSource).Assembly;

    public string Name { get; } = name;

    public override string DisplayName => $"{Name} (built-in)";

    public override string DisplayPath(string file) => $"{Name}/{file}";

    public override bool Exists(string file) => Assembly.GetManifestResourceInfo(ResourceName(file)) is not null;

    public override Stream Open(string file) =>
        Assembly.GetManifestResourceStream(ResourceName(file)) ?? throw new FileNotFoundException($"{DisplayPath(file)}: no such file");

    public override IReadOnlyList<string> Files()
    {
        var prefix = $"cases/{Name}/";
        return Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => r[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private string ResourceName(string file) => $"cases/{Name}/{file.Replace('\\', '/')}";
}

/// <summary>A variant case: its own files first, the rest from its base case (case.json "base").</summary>
public sealed class LayeredCaseSource(CaseSource own, CaseSource inherited) : CaseSource
{
    public override string DisplayName => own.DisplayName;

    public override string DisplayPath(string file) => own.Exists(file) || !inherited.Exists(file) ? own.DisplayPath(file) : inherited.DisplayPath(file);

    public override bool Exists(string file) => own.Exists(file) || inherited.Exists(file);

    public override Stream Open(string file) => own.Exists(file) ? own.Open(file) : inherited.Open(file);

    public override IReadOnlyList<string> Files() => [.. own.Files().Union(inherited.Files().Where(f => f != "README.md")).Order(StringComparer.Ordinal)];
}

/// <summary>The cases shipped inside the tool, so it runs from any folder.</summary>
public static class BuiltInCases
{
    /// <summary>The case of the reference study (issue 16), run when no case is named.</summary>
    public const string Default = "paper-8";

    /// <summary>The template of <c>cases import</c>: the full ring-33 tables, with no case-specific Case 2 level.</summary>
    public const string ImportTemplate = "ring-33";

    public static IReadOnlyList<string> Names { get; } = typeof(BuiltInCases).Assembly.GetManifestResourceNames()
        .Where(r => r.StartsWith("cases/", StringComparison.Ordinal) && r.EndsWith("/" + CaseFileNames.Manifest, StringComparison.Ordinal))
        .Select(r => r["cases/".Length..^("/" + CaseFileNames.Manifest).Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static bool TryGet(string name, out CaseSource source)
    {
        source = new EmbeddedCaseSource(name);
        return Names.Contains(name);
    }

    /// <summary>Copies a built-in case to a folder (each file written atomically).</summary>
    public static IReadOnlyList<string> Export(string name, string folder)
    {
        if (!TryGet(name, out var source))
        {
            throw new Core.InputError(name, null, null, $"no built-in case of that name (built-in: {string.Join(", ", Names)})");
        }

        var written = new List<string>();
        foreach (var file in source.Files())
        {
            var target = Path.Combine(folder, file);
            Core.AtomicFile.WriteBytes(target, stream =>
            {
                using var input = source.Open(file);
                input.CopyTo(stream);
            });
            written.Add(target);
        }

        return written;
    }
}
