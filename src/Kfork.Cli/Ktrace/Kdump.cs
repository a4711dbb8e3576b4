using System.Globalization;
using System.Text;

namespace Kfork.Cli.Ktrace;

/// <summary>kdump(1)'s lines: `  PID COMM     CALL  fork()` / `RET   fork 3` / `RET   fork -1 errno 35 EAGAIN`.</summary>
public static class Kdump
{
    /// <param name="withTid">kdump -H: a TID column after the PID.</param>
    /// <param name="decimalArgs">kdump -d: arguments in decimal rather than hex.</param>
    public static string Line(KtraceRecord r, bool withTid, bool decimalArgs)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{r.Pid,6} ");
        if (withTid) sb.Append(CultureInfo.InvariantCulture, $"{r.Tid,6} ");
        sb.Append(CultureInfo.InvariantCulture, $"{r.Comm,-8} {r.Type,-5} ");
        switch (r.Type)
        {
            case KtraceRecord.Call:
                sb.Append(r.Name).Append('(')
                  .AppendJoin(',', (r.Args ?? []).Select(a => decimalArgs ? a.ToString(CultureInfo.InvariantCulture) : "0x" + a.ToString("x", CultureInfo.InvariantCulture)))
                  .Append(')');
                break;
            case KtraceRecord.Ret when r.Ename == "JUSTRETURN":
                sb.Append(r.Name).Append(" JUSTRETURN");
                break;
            case KtraceRecord.Ret when r.Errno is { } errno:
                sb.Append(CultureInfo.InvariantCulture, $"{r.Name} -1 errno {errno} {r.Ename}");
                break;
            case KtraceRecord.Ret:
                sb.Append(CultureInfo.InvariantCulture, $"{r.Name} {r.Retval}");
                break;
            default:
                sb.Append(r.Name);
                break;
        }
        return sb.ToString();
    }
}
