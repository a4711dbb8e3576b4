using System.Text;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>namei's cn_nameiop: what the caller will do with the last component.</summary>
public enum NameiOp : byte { Lookup, Create, Delete }

/// <summary>
/// What namei found: the vnode (null for a CREATE of a missing name), its parent directory, the
/// last component's name, and the canonical guest path of the vnode (what chdir records).
/// </summary>
public readonly record struct NameiResult(Vnode? Vp, Vnode Dvp, string Name, string Path);

/// <summary>
/// vfs_lookup.c: namei and lookup over the guest's name space. `/` is the host directory (or an
/// empty read-only tmpfs), with tmpfs covering /tmp and devfs covering /dev. The walk keeps the
/// directories it passed, so ".." pops one and stops at the root: no component, and no symbolic
/// link (resolved here, inside the guest's name space), climbs above `/`.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>MAXSYMLINKS, sys/param.h.</summary>
    public const int MaxSymlinks = 32;

    private Vnode? rootVnode;
    private Tmpfs? tmpfs;
    private DevDir? devfs;

    /// <summary>rootvnode: the guest's `/`.</summary>
    public Vnode RootVnode => rootVnode ??= Options.RootDirectory is { } dir
        ? HostDir.MountRoot(dir)
        : new Tmpfs(readOnly: true, rootMode: 0x1ed).Root;

    /// <summary>The tmpfs mounted on /tmp.</summary>
    public Tmpfs Tmpfs => tmpfs ??= new Tmpfs(readOnly: false);

    private DevDir Devfs => devfs ??= new DevDir();

    /// <summary>
    /// namei: resolve <paramref name="path"/> relative to the caller's directory (Filedesc.Cwd).
    /// ENOENT for "" or a missing component, ENOTDIR for a non-directory in the middle (or before a
    /// trailing slash), ENAMETOOLONG past PATH_MAX or NAME_MAX, EACCES without search permission,
    /// ELOOP after MAXSYMLINKS links. CREATE of a missing last name returns its directory
    /// (EROFS on a read-only mount, EACCES without write permission); DELETE checks the same.
    /// The last component is a symbolic link's target when <paramref name="follow"/> (FOLLOW).
    /// </summary>
    public Errno Namei(Lwp td, string path, NameiOp op, bool follow, out NameiResult result)
    {
        result = default;
        if (path.Length == 0) return Errno.ENOENT;
        if (Encoding.UTF8.GetByteCount(path) >= Fcntl.PATH_MAX) return Errno.ENAMETOOLONG;
        var walk = new LookupWalk(this, td.Proc.Ucred);
        string full = path[0] == '/' ? path : td.Proc.Fd.Cwd + "/" + path;
        bool trailingSlash = path.Length > 1 && path[^1] == '/';
        walk.Push(full);
        var error = walk.Run(op, follow || trailingSlash);
        if (error != Errno.OK) return error;
        return walk.Finish(op, trailingSlash, out result);
    }

    /// <summary>The mount covering <paramref name="name"/> in the root directory, if any.</summary>
    private Vnode? CoveredAt(Vnode dir, string name)
    {
        if (dir != RootVnode) return null;
        return name switch { "tmp" => Tmpfs.Root, "dev" => Devfs, _ => null };
    }

    /// <summary>One namei call's state: the directories passed (a stack of vnodes and names) and the components left.</summary>
    private sealed class LookupWalk(Kernel k, Ucred cred)
    {
        private readonly List<(Vnode Vp, string Name)> stack = [(k.RootVnode, "")];
        private readonly Stack<string> pending = new();
        private int links;
        private Vnode? missingParent;
        private string lastName = "";

        /// <summary>Queue a path's components in front of what is left (a link's target is spliced in this way).</summary>
        public void Push(string path)
        {
            if (path.StartsWith('/')) stack.RemoveRange(1, stack.Count - 1);
            var parts = path.Split('/');
            for (int i = parts.Length - 1; i >= 0; i--)
                if (parts[i].Length != 0) pending.Push(parts[i]);
        }

        private Vnode Top => stack[^1].Vp;

        public Errno Run(NameiOp op, bool followLast)
        {
            while (pending.Count > 0)
            {
                string name = pending.Pop();
                bool last = pending.Count == 0;
                var error = Step(name, last, op, followLast);
                if (error != Errno.OK || missingParent != null) return error;
            }
            return Errno.OK;
        }

        private Errno Step(string name, bool last, NameiOp op, bool followLast)
        {
            var dir = Top;
            if (dir.Type != VType.VDIR) return Errno.ENOTDIR;
            if (name == ".") return Errno.OK;
            if (name == "..")
            {
                if (stack.Count > 1) stack.RemoveAt(stack.Count - 1);
                return Errno.OK;
            }
            if (Encoding.UTF8.GetByteCount(name) > Fcntl.NAME_MAX) return Errno.ENAMETOOLONG;
            var error = VAccess(dir, cred, VEXEC);
            if (error != Errno.OK) return error;
            var vp = k.CoveredAt(dir, name);
            if (vp == null)
            {
                error = dir.Lookup(name, out vp);
                if (error == Errno.ENOENT && last && op == NameiOp.Create) return MissingLast(dir, name);
                if (error != Errno.OK) return error;
            }
            if (vp!.Type == VType.VLNK && (!last || followLast)) return FollowLink(vp);
            lastName = name;
            stack.Add((vp, name));
            return Errno.OK;
        }

        /// <summary>CREATE of a name that is not there: the directory must be writable.</summary>
        private Errno MissingLast(Vnode dir, string name)
        {
            if (dir.Mount.ReadOnly) return Errno.EROFS;
            var error = VAccess(dir, cred, VWRITE);
            if (error != Errno.OK) return error;
            missingParent = dir;
            lastName = name;
            return Errno.OK;
        }

        private Errno FollowLink(Vnode link)
        {
            if (++links > MaxSymlinks) return Errno.ELOOP;
            var error = link.ReadLink(out string target);
            if (error != Errno.OK) return error;
            if (target.Length == 0) return Errno.ENOENT;
            Push(target);
            return Errno.OK;
        }

        public Errno Finish(NameiOp op, bool trailingSlash, out NameiResult result)
        {
            result = default;
            if (missingParent != null)
            {
                result = new NameiResult(null, missingParent, lastName, CanonicalPath(stack.Count) + lastName);
                return Errno.OK;
            }
            var vp = Top;
            if (trailingSlash && vp.Type != VType.VDIR) return Errno.ENOTDIR;
            var dvp = stack.Count > 1 ? stack[^2].Vp : vp;
            if (op != NameiOp.Lookup && stack.Count == 1) return Errno.EISDIR; // "/": a degenerate name
            if (op == NameiOp.Delete)
            {
                var error = CheckDelete(dvp, vp);
                if (error != Errno.OK) return error;
            }
            result = new NameiResult(vp, dvp, stack[^1].Name, CanonicalPath(stack.Count - 1) + stack[^1].Name);
            return Errno.OK;
        }

        /// <summary>
        /// lookup's DELETE checks: EROFS on a read-only mount, write permission on the directory,
        /// and the sticky bit (only the file's or the directory's owner, or root, removes).
        /// </summary>
        private Errno CheckDelete(Vnode dvp, Vnode vp)
        {
            if (dvp.Mount.ReadOnly) return Errno.EROFS;
            var error = VAccess(dvp, cred, VWRITE);
            if (error != Errno.OK) return error;
            bool sticky = (dvp.Mode & 0x200) != 0;
            if (sticky && cred.Uid != 0 && cred.Uid != vp.Uid && cred.Uid != dvp.Uid) return Errno.EPERM;
            return Errno.OK;
        }

        /// <summary>"/a/b/" for the first <paramref name="depth"/> entries of the stack.</summary>
        private string CanonicalPath(int depth)
        {
            var sb = new StringBuilder("/");
            for (int i = 1; i < depth; i++) sb.Append(stack[i].Name).Append('/');
            return sb.ToString();
        }
    }
}
