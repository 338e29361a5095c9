# Linked data structures built from small classes: a linked list and a binary search tree.
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self, values=()):
        self.head = None
        self.size = 0
        for v in reversed(list(values)):
            self.push(v)

    def push(self, value):
        self.head = Node(value, self.head)
        self.size += 1

    def __iter__(self):
        node = self.head
        while node:
            yield node.value
            node = node.next

    def reverse(self):
        prev = None
        node = self.head
        while node:
            node.next, prev, node = prev, node, node.next
        self.head = prev

    def __len__(self):
        return self.size


ll = LinkedList([1, 2, 3, 4])
ll.push(0)
print(list(ll), len(ll))
ll.reverse()
print(list(ll), sum(ll), 3 in ll)


class Tree:
    def __init__(self, key):
        self.key = key
        self.left = self.right = None

    def insert(self, key):
        side = "left" if key < self.key else "right"
        child = getattr(self, side)
        if child is None:
            setattr(self, side, Tree(key))
        else:
            child.insert(key)

    def inorder(self):
        if self.left:
            yield from self.left.inorder()
        yield self.key
        if self.right:
            yield from self.right.inorder()

    def height(self):
        return 1 + max(self.left.height() if self.left else 0, self.right.height() if self.right else 0)


root = Tree(50)
for k in (30, 70, 20, 40, 60, 80, 35, 45, 65):
    root.insert(k)
print(list(root.inorder()), root.height())
for probe in (35, 36, 80, 5):
    node, path = root, []
    while node and node.key != probe:
        path.append(node.key)
        node = node.left if probe < node.key else node.right
    print(probe, "found" if node else "missing", path)
empty = LinkedList()
print(list(empty), len(empty), [v * 2 for v in ll])
