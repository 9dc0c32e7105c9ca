using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Cli.Commands;

/// <summary>How a run names its case in run.json, and which files it reads from it.</summary>
internal static class CaseIdentity
{
    /// <summary>The CASE argument as recorded: a built-in name as given, a folder as its full path (so --resume works from
    /// any working folder).</summary>
    public static string Of(string? caseArgument)
    {
        var name = string.IsNullOrWhiteSpace(caseArgument) ? BuiltInCases.Default : caseArgument;
        return CaseSource.Resolve(name) is FolderCaseSource folder ? Path.GetFullPath(folder.Folder) : name;
    }

    /// <summary>The files on disk the case was read from (none for a built-in case).</summary>
    public static IEnumerable<string> Inputs(string caseName, StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (CaseSource.Resolve(caseName) is FolderCaseSource folder)
        {
            yield return Path.Combine(folder.Folder, CaseFileNames.Manifest);
        }

        foreach (var file in study.TableFiles.Values.Where(File.Exists))
        {
            yield return file;
        }
    }
}
