import sys,re
def load(f):
    d={}
    for l in open(f):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',l)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
    return d
a=load(sys.argv[1]); b=load(sys.argv[2]); n=int(sys.argv[3]) if len(sys.argv)>3 else 40
rows=[(b.get(k,(0,0))[1]-a.get(k,(0,0))[1], b.get(k,(0,0))[0]-a.get(k,(0,0))[0], k) for k in set(a)|set(b)]
rows.sort(reverse=True)
tot=sum(r[0] for r in rows)
print("total growth bytes", tot)
for r in rows[:n]: print("%12d %9d %s"%r)
