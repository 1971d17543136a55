package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// The image's account files: a command's user (withUser) is resolved against them, as Dagger
// does (runc's GetExecUser rules). Variables so tests can point them elsewhere.
var (
	passwdPath = "/etc/passwd"
	groupPath  = "/etc/group"
)

// maxID is the largest uid or gid Linux takes (2^31-1, as runc).
const maxID = 1<<31 - 1

type passwdEntry struct {
	name string
	uid  int
	gid  int
}

type groupEntry struct {
	name    string
	gid     int
	members []string
}

// resolveUser turns Dagger's user forms (name, name:group, uid, uid:gid; "" is root) into the
// credential a command runs with: the user's uid and primary gid, and as supplementary groups that
// gid plus, when no group was given, every group listing the user by name.
func resolveUser(spec string) (*syscall.Credential, error) {
	userArg, groupArg, _ := strings.Cut(spec, ":")
	if userArg == "" {
		userArg = "0"
	}
	users, err := readPasswd(passwdPath)
	if err != nil {
		return nil, fmt.Errorf("user %q: %v", spec, err)
	}
	uidArg, uidErr := strconv.Atoi(userArg)
	var matched *passwdEntry
	for i := range users {
		if users[i].name == userArg || (uidErr == nil && users[i].uid == uidArg) {
			matched = &users[i]
			break
		}
	}
	uid, gid := 0, 0
	switch {
	case matched != nil:
		uid, gid = matched.uid, matched.gid
	case uidErr != nil:
		return nil, fmt.Errorf("user %q: no user %q in the image's %s", spec, userArg, passwdPath)
	case uidArg < 0 || uidArg > maxID:
		return nil, fmt.Errorf("user %q: uid %d is out of range", spec, uidArg)
	default:
		uid = uidArg // a numeric uid needs no entry
	}
	var supplementary []uint32
	if groupArg != "" || matched != nil {
		groups, err := readGroup(groupPath)
		if err != nil && groupArg != "" {
			return nil, fmt.Errorf("user %q: %v", spec, err)
		}
		if groupArg != "" {
			gidArg, gidErr := strconv.Atoi(groupArg)
			found := false
			for _, g := range groups {
				if g.name == groupArg || (gidErr == nil && g.gid == gidArg) {
					gid, found = g.gid, true
					break
				}
			}
			if !found {
				if gidErr != nil {
					return nil, fmt.Errorf("user %q: no group %q in the image's %s", spec, groupArg, groupPath)
				}
				if gidArg < 0 || gidArg > maxID {
					return nil, fmt.Errorf("user %q: gid %d is out of range", spec, gidArg)
				}
				gid = gidArg
			}
		} else {
			for _, g := range groups {
				for _, member := range g.members {
					if member == matched.name {
						supplementary = append(supplementary, uint32(g.gid))
						break
					}
				}
			}
		}
	}
	groups := []uint32{uint32(gid)}
	for _, g := range supplementary {
		if g != uint32(gid) {
			groups = append(groups, g)
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: groups}, nil
}

// readPasswd reads name:password:uid:gid:... lines; a missing file is an empty one (runc too).
func readPasswd(path string) ([]passwdEntry, error) {
	var out []passwdEntry
	err := readColonFile(path, func(fields []string) {
		if len(fields) < 4 {
			return
		}
		uid, err1 := strconv.Atoi(fields[2])
		gid, err2 := strconv.Atoi(fields[3])
		if err1 == nil && err2 == nil {
			out = append(out, passwdEntry{name: fields[0], uid: uid, gid: gid})
		}
	})
	return out, err
}

// readGroup reads name:password:gid:member,member lines.
func readGroup(path string) ([]groupEntry, error) {
	var out []groupEntry
	err := readColonFile(path, func(fields []string) {
		if len(fields) < 3 {
			return
		}
		gid, err := strconv.Atoi(fields[2])
		if err != nil {
			return
		}
		g := groupEntry{name: fields[0], gid: gid}
		if len(fields) > 3 && fields[3] != "" {
			g.members = strings.Split(fields[3], ",")
		}
		out = append(out, g)
	})
	return out, err
}

func readColonFile(path string, entry func([]string)) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64<<10), 1<<20)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		entry(strings.Split(line, ":"))
	}
	return scanner.Err()
}

// becomeUser switches this process (every thread) to the credential, for a service's execve.
func becomeUser(c *syscall.Credential) error {
	groups := make([]int, len(c.Groups))
	for i, g := range c.Groups {
		groups[i] = int(g)
	}
	if err := syscall.Setgroups(groups); err != nil {
		return fmt.Errorf("setgroups: %v", err)
	}
	if err := syscall.Setgid(int(c.Gid)); err != nil {
		return fmt.Errorf("setgid %d: %v", c.Gid, err)
	}
	if err := syscall.Setuid(int(c.Uid)); err != nil {
		return fmt.Errorf("setuid %d: %v", c.Uid, err)
	}
	return nil
}
